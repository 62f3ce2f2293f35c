{{- define "bi-service.fullname" -}}{{ include "bi-lib.names.fullname" . }}{{- end -}}

{{/*
Workloads: one Deployment per track. Without blue-green there is one track, "blue", named <fullname>;
with blue-green the blue track keeps that name (enabling blue-green never renames or replaces the serving
Deployment) and green is <fullname>-green. Every pod carries bi-platform.io/track, so the selector never
changes when blue-green is switched on. Each item: name, track, active, image, replicas ("" = HPA-owned), hpa.
A track's image override (tag and/or digest) replaces the base tag AND digest: a green tag never runs the
base digest.
*/}}
{{- define "bi-service.workloads" -}}
{{- $full := include "bi-service.fullname" . -}}
{{- $bg := .Values.blueGreen -}}
{{- $items := list -}}
{{- $tracks := list "blue" -}}
{{- if $bg.enabled -}}
{{- if not (has $bg.active (list "blue" "green")) -}}
{{- fail (printf "%s: blueGreen.active %q is not one of the tracks (blue, green)" $full $bg.active) -}}
{{- end -}}
{{- $tracks = list "blue" "green" -}}
{{- end -}}
{{- range $track := $tracks -}}
{{- $t := index $bg.tracks $track | default dict -}}
{{- $active := or (not $bg.enabled) (eq $bg.active $track) -}}
{{- $img := deepCopy $.Values.image -}}
{{- $ti := $t.image | default dict -}}
{{- if and $bg.enabled (or $ti.tag $ti.digest) -}}
{{- $_ := set $img "tag" ($ti.tag | default "") -}}
{{- $_ := set $img "digest" ($ti.digest | default "") -}}
{{- end -}}
{{- with $ti.repository }}{{ $_ := set $img "repository" . }}{{ end -}}
{{- with $ti.registry }}{{ $_ := set $img "registry" . }}{{ end -}}
{{- $hpa := and $active $.Values.autoscaling.enabled -}}
{{- $replicas := "" -}}
{{- $own := not (has (toString $t.replicaCount) (list "" "<nil>")) -}}
{{- if not $hpa -}}
{{- if $own -}}
{{- $replicas = int $t.replicaCount -}}
{{- else -}}
{{- $replicas = ternary $.Values.replicaCount 1 $active -}}
{{- end -}}
{{- end -}}
{{- $name := ternary $full (printf "%s-%s" $full $track) (eq $track "blue") -}}
{{- $items = append $items (dict "name" $name "track" $track "active" $active "image" $img "replicas" $replicas "hpa" $hpa) -}}
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
