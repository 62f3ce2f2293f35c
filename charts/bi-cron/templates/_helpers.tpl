{{/*
A job's settings: each key of jobDefaults, replaced by the job's own value whenever the job sets the key, even to
0 or false (sprig's merge would treat those as unset: backoffLimit 0 rendered 2). resources are replaced whole.
Usage: include "bi-cron.jobSettings" (dict "job" $spec "defaults" .Values.jobDefaults) | fromYaml
*/}}
{{- define "bi-cron.jobSettings" -}}
{{- $out := deepCopy .defaults -}}
{{- range $k, $v := .job -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}
