{{- define "bi-service.fullname" -}}{{ include "bi-lib.names.fullname" . }}{{- end -}}

{{/* Workloads: one (no blue-green) or two tracks. Each item: name, track, image, replicas. */}}
{{- define "bi-service.workloads" -}}
{{- $full := include "bi-service.fullname" . -}}
{{- $items := list -}}
{{- if .Values.blueGreen.enabled -}}
{{- if not (hasKey .Values.blueGreen.tracks .Values.blueGreen.active) -}}
{{- fail (printf "%s: blueGreen.active %q is not one of the tracks (blue, green)" $full .Values.blueGreen.active) -}}
{{- end -}}
{{- range $track := list "blue" "green" -}}
{{- $t := index $.Values.blueGreen.tracks $track -}}
{{- $img := merge (deepCopy ($t.image | default dict)) (deepCopy $.Values.image) -}}
{{- $items = append $items (dict "name" (printf "%s-%s" $full $track) "track" $track "image" $img "replicas" ($t.replicaCount | default $.Values.replicaCount)) -}}
{{- end -}}
{{- else -}}
{{- $items = append $items (dict "name" $full "track" "" "image" .Values.image "replicas" .Values.replicaCount) -}}
{{- end -}}
{{- toYaml $items -}}
{{- end -}}

{{- define "bi-service.configData" -}}
{{ include "bi-lib.app.configData" . }}
JAVA_TOOL_OPTIONS: {{ include "bi-lib.jvm.options" (dict "jvm" .Values.jvm "resources" .Values.resources "what" (include "bi-service.fullname" .)) | quote }}
{{- end -}}

{{- define "bi-service.serviceType" -}}
{{- .Values.service.type | default .Values.global.serviceType | default "ClusterIP" -}}
{{- end -}}

{{- define "bi-service.probe" -}}
{{- $p := index .ctx.Values.probes .kind -}}
{{- if eq .ctx.Values.probes.type "grpc" }}
grpc:
  port: {{ .ctx.Values.service.ports.grpc.port }}
{{- else }}
httpGet:
  path: {{ $p.path }}
  port: http
{{- end }}
periodSeconds: {{ $p.periodSeconds }}
failureThreshold: {{ $p.failureThreshold }}
timeoutSeconds: {{ $p.timeoutSeconds }}
{{- end -}}
