{{/* Render a value that may contain template expressions. Usage: include "bi-lib.tplvalues.render" (dict "value" .Values.x "context" $) */}}
{{- define "bi-lib.tplvalues.render" -}}
{{- if typeIs "string" .value -}}
{{- tpl .value .context -}}
{{- else -}}
{{- tpl (.value | toYaml) .context -}}
{{- end -}}
{{- end -}}

{{/* True ("true") when the cluster (or --api-versions) offers monitoring.coreos.com/v1 and the flag is on. Usage: include "bi-lib.monitoring.enabled" (dict "flag" .Values.metrics.serviceMonitor.enabled "context" $) */}}
{{- define "bi-lib.monitoring.enabled" -}}
{{- if and .flag (.context.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") -}}true{{- end -}}
{{- end -}}
