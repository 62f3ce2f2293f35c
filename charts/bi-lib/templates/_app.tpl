{{/* Helpers shared by the bi-platform workload charts (bi-service, bi-cron): env ConfigMap data, Secret references, JDBC URL. */}}

{{/* Secret names the pods read with envFrom; fails when none is configured. */}}
{{- define "bi-lib.app.secretNames" -}}
{{- $full := include "bi-lib.names.fullname" . -}}
{{- $names := list -}}
{{- if .Values.secret.existingSecret -}}
{{- $names = append $names .Values.secret.existingSecret -}}
{{- else if ((.Values.global.secret).existingSecret) -}}
{{- $names = append $names .Values.global.secret.existingSecret -}}
{{- end -}}
{{- if .Values.secret.values -}}
{{- $names = append $names (printf "%s-secret" $full) -}}
{{- end -}}
{{- if not $names -}}
{{- fail (printf "%s: no Secret reference: set global.secret.existingSecret (or %s.secret.existingSecret) to a Secret holding BI_JWT_SECRET, BI_DB_PASSWORD and NACOS_PASSWORD" $full $full) -}}
{{- end -}}
{{- toYaml $names -}}
{{- end -}}

{{- define "bi-lib.app.dbUrl" -}}
{{- $name := .Values.database.name | default (include "bi-lib.names.name" . | replace "-" "_") -}}
{{- if .Values.database.url -}}
{{- .Values.database.url -}}
{{- else if .Values.global.database.host -}}
{{- printf "jdbc:postgresql://%s:%v/%s" .Values.global.database.host .Values.global.database.port $name -}}
{{- with .Values.global.database.params }}?{{ . }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "bi-lib.app.configData" -}}
DEPLOY_ENV: {{ .Values.global.env | quote }}
NACOS_SERVER_ADDR: {{ .Values.global.nacos.serverAddr | quote }}
NACOS_NAMESPACE: {{ .Values.global.nacos.namespace | quote }}
NACOS_GROUP: {{ .Values.global.nacos.group | quote }}
NACOS_USERNAME: {{ .Values.global.nacos.username | quote }}
BI_DB_URL: {{ include "bi-lib.app.dbUrl" . | quote }}
BI_DB_USER: {{ .Values.database.user | default .Values.database.name | default (include "bi-lib.names.name" . | replace "-" "_") | quote }}
{{- range $k, $v := .Values.config.env }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

