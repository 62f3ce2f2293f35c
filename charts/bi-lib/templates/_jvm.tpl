{{/*
Memory quantity -> MiB (integer). Accepts Ki, Mi, Gi, Ti, K, M, G, T and plain bytes.
Usage: include "bi-lib.jvm.toMiB" "1536Mi"
*/}}
{{- define "bi-lib.jvm.toMiB" -}}
{{- $q := . | toString -}}
{{- $n := regexFind "^[0-9.]+" $q | float64 -}}
{{- $u := trimPrefix (regexFind "^[0-9.]+" $q) $q -}}
{{- $mib := 0.0 -}}
{{- if eq $u "Ki" -}}{{- $mib = divf $n 1024 -}}
{{- else if eq $u "Mi" -}}{{- $mib = $n -}}
{{- else if eq $u "Gi" -}}{{- $mib = mulf $n 1024 -}}
{{- else if eq $u "Ti" -}}{{- $mib = mulf $n 1048576 -}}
{{- else if eq $u "K" -}}{{- $mib = divf (mulf $n 1000) 1048576 -}}
{{- else if eq $u "M" -}}{{- $mib = divf (mulf $n 1000000) 1048576 -}}
{{- else if eq $u "G" -}}{{- $mib = divf (mulf $n 1000000000) 1048576 -}}
{{- else if eq $u "T" -}}{{- $mib = divf (mulf $n 1000000000000) 1048576 -}}
{{- else if eq $u "" -}}{{- $mib = divf $n 1048576 -}}
{{- else -}}{{- fail (printf "memory quantity %q has an unsupported unit" $q) -}}
{{- end -}}
{{- $mib | floor | int -}}
{{- end -}}

{{/*
JVM flags with the heap derived from the container memory limit: -Xmx = limit * heapPercent / 100.
Usage: include "bi-lib.jvm.options" (dict "jvm" .Values.jvm "resources" .Values.resources "what" "bi-sys")
*/}}
{{- define "bi-lib.jvm.options" -}}
{{- $limit := required (printf "%s: resources.limits.memory is required (the JVM heap is derived from it)" .what) ((.resources.limits | default dict).memory) -}}
{{- $mib := include "bi-lib.jvm.toMiB" $limit | int -}}
{{- $heap := div (mul $mib (.jvm.heapPercent | int)) 100 -}}
{{- if lt $heap 64 -}}{{- fail (printf "%s: resources.limits.memory %s leaves only %dMiB of heap at %d%%; raise the limit" .what $limit $heap (.jvm.heapPercent | int)) -}}{{- end -}}
{{- $opts := list (printf "-Xms%dm" $heap) (printf "-Xmx%dm" $heap) "-XX:+ExitOnOutOfMemoryError" "-Djava.io.tmpdir=/tmp" -}}
{{- with .jvm.extraOptions }}{{- $opts = concat $opts . -}}{{- end -}}
{{- join " " $opts -}}
{{- end -}}
