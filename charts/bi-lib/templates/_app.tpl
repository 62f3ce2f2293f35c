{{/* Helpers shared by the bi-platform workload charts (bi-service, bi-cron): env ConfigMap data, Secret references, JDBC URL. */}}

{{/* This service's own Secrets, read whole with envFrom: secret.existingSecret and the chart-rendered one (secret.values). */}}
{{- define "bi-lib.app.secretNames" -}}
{{- $full := include "bi-lib.names.fullname" . -}}
{{- $names := list -}}
{{- if .Values.secret.existingSecret -}}
{{- $names = append $names .Values.secret.existingSecret -}}
{{- end -}}
{{- if .Values.secret.values -}}
{{- $names = append $names (printf "%s-secret" $full) -}}
{{- end -}}
{{- if not (or $names ((.Values.global.secret).existingSecret)) -}}
{{- fail (printf "%s: no Secret reference: set global.secret.existingSecret (or %s.secret.existingSecret) to a Secret holding BI_JWT_SECRET, the database password and NACOS_PASSWORD" $full $full) -}}
{{- end -}}
{{- toYaml $names -}}
{{- end -}}

{{/* Key of the shared Secret with this service's database password: database.passwordKey or BI_DB_PASSWORD_<SERVICE>. */}}
{{- define "bi-lib.app.dbPasswordKey" -}}
{{- .Values.database.passwordKey | default (printf "BI_DB_PASSWORD_%s" (include "bi-lib.names.name" . | upper | replace "-" "_")) -}}
{{- end -}}

{{/*
The keys this service takes from the shared Secret (global.secret.existingSecret), as env entries: only its own
(least privilege), never the whole Secret. JWT secrets and the rate limiter's Redis URL for all, the database
password under this service's key, NACOS_PASSWORD (key global.nacos.passwordKey) when Nacos is on, then secret.sharedKeys
(env name -> {key, optional}). Nothing when the service has its own secret.existingSecret.
*/}}
{{- define "bi-lib.app.secretEnv" -}}
{{- $shared := (.Values.global.secret).existingSecret | default "" -}}
{{- if and $shared (not .Values.secret.existingSecret) -}}
{{- $keys := list (dict "name" "BI_JWT_SECRET" "key" "BI_JWT_SECRET" "optional" false) (dict "name" "BI_JWT_SECRET_PREVIOUS" "key" "BI_JWT_SECRET_PREVIOUS" "optional" true) (dict "name" "BI_RATELIMIT_REDIS_URL" "key" "BI_RATELIMIT_REDIS_URL" "optional" true) -}}
{{- if include "bi-lib.app.dbUrl" . -}}
{{- $keys = append $keys (dict "name" "BI_DB_PASSWORD" "key" (include "bi-lib.app.dbPasswordKey" .) "optional" false) -}}
{{- end -}}
{{- if .Values.global.nacos.serverAddr -}}
{{- $keys = append $keys (dict "name" "NACOS_PASSWORD" "key" (.Values.global.nacos.passwordKey | default "NACOS_PASSWORD") "optional" false) -}}
{{- end -}}
{{- range $name, $k := (.Values.secret.sharedKeys | default dict) -}}
{{- $keys = append $keys (dict "name" $name "key" ($k.key | default $name) "optional" (eq (toString $k.optional) "true")) -}}
{{- end -}}
{{- range $keys }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ $shared }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}
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

{{/* Environment variable of a peer's address for the kit's Peers: bi-api-leke -> BI_PEERS_API_LEKE_ADDRESS. */}}
{{- define "bi-lib.app.peerAddressEnv" -}}
{{- printf "BI_PEERS_%s_ADDRESS" (trimPrefix "bi-" . | upper | replace "-" "_") -}}
{{- end -}}

{{- define "bi-lib.app.configData" -}}
DEPLOY_ENV: {{ .Values.global.env | quote }}
NACOS_SERVER_ADDR: {{ .Values.global.nacos.serverAddr | quote }}
NACOS_NAMESPACE: {{ .Values.global.nacos.namespace | quote }}
NACOS_GROUP: {{ .Values.global.nacos.group | quote }}
NACOS_USERNAME: {{ .Values.global.nacos.username | quote }}
BI_DB_URL: {{ include "bi-lib.app.dbUrl" . | quote }}
BI_DB_USER: {{ .Values.database.user | default .Values.database.name | default (include "bi-lib.names.name" . | replace "-" "_") | quote }}
{{- with (.Values.global.kafka).bootstrapServers }}
KAFKA_BOOTSTRAP_SERVERS: {{ . | quote }}
{{- end }}
{{- with (.Values.global.otlp).endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- /* static peer addresses (Service DNS): used when Nacos discovery is off, and by an idle blue-green track */}}
{{- range $peer, $port := (include "bi-lib.app.calls" . | fromYaml) }}
{{ include "bi-lib.app.peerAddressEnv" $peer }}: {{ printf "%s:%v" $peer $port | quote }}
{{- end }}
{{- range $k, $v := .Values.config.env }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

{{/* extraEnv entries (name/value or name/valueFrom), rendered as given. */}}
{{- define "bi-lib.app.extraEnv" -}}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The peers this workload calls (global.calls.<name>: peer -> gRPC port), the single source for peer addresses and NetworkPolicies. */}}
{{- define "bi-lib.app.calls" -}}
{{- toYaml (index ((.Values.global).calls | default dict) (include "bi-lib.names.name" .) | default dict) -}}
{{- end -}}
