{{/* Standard labels (Kubernetes recommended labels + helm.sh/chart) plus global.commonLabels. */}}
{{- define "bi-lib.labels.standard" -}}
app.kubernetes.io/name: {{ include "bi-lib.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bi-platform
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
helm.sh/chart: {{ include "bi-lib.names.chart" . }}
{{- include "bi-lib.labels.common" . }}
{{- end -}}

{{/* global.commonLabels (every object and pod), rendered after the standard ones; cannot override them. */}}
{{- define "bi-lib.labels.common" -}}
{{- range $k, $v := ((.Values.global).commonLabels | default dict) }}
{{- if not (hasPrefix "app.kubernetes.io/" $k) }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* metadata.annotations block from global.commonAnnotations merged with extra ones (dict "context" $ "extra" map). Empty when none. */}}
{{- define "bi-lib.annotations" -}}
{{- $all := merge (deepCopy (.extra | default dict)) (deepCopy (((.context.Values.global).commonAnnotations) | default dict)) -}}
{{- if $all }}
annotations:
  {{- range $k, $v := $all }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
{{- end -}}
{{- end -}}

{{/* Selector labels: stable for the life of a release (never put versions here). */}}
{{- define "bi-lib.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "bi-lib.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels kube-prometheus-stack selects ServiceMonitors / PrometheusRules by (release: <its release>), plus extra ones. */}}
{{- define "bi-lib.labels.monitoring" -}}
{{- $m := (.Values.global).monitoring | default dict -}}
release: {{ $m.release | default .Release.Name | quote }}
{{- range $k, $v := ($m.extraLabels | default dict) }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
