{{/* Standard labels (Kubernetes recommended labels + helm.sh/chart). */}}
{{- define "bi-lib.labels.standard" -}}
app.kubernetes.io/name: {{ include "bi-lib.names.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bi-platform
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
helm.sh/chart: {{ include "bi-lib.names.chart" . }}
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
