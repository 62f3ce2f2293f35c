{{/*
NetworkPolicy rules shared by bi-service and bi-cron. The call graph is global.calls (caller -> {peer: gRPC port}),
the same map that gives each workload its peer addresses, so what a service may reach and who may reach it
follow from what its code calls.
*/}}

{{/* Services whose global.calls include this workload (its callers). */}}
{{- define "bi-lib.network.callers" -}}
{{- $me := include "bi-lib.names.name" . -}}
{{- $out := list -}}
{{- range $caller, $peers := ((.Values.global).calls | default dict) -}}
{{- if hasKey ($peers | default dict) $me -}}{{- $out = append $out $caller -}}{{- end -}}
{{- end -}}
{{- toYaml ($out | sortAlpha) -}}
{{- end -}}

{{/* Egress rules: DNS and the infrastructure this workload uses (only what is configured), its peers, optional external HTTPS. */}}
{{- define "bi-lib.network.egress" -}}
{{- $g := (.Values.global.networkPolicy | default dict).egress | default dict -}}
{{- $np := .Values.networkPolicy -}}
{{- $dests := list "dns" -}}
{{- if include "bi-lib.app.dbUrl" . }}{{ $dests = append $dests "postgres" }}{{ end -}}
{{- if .Values.global.nacos.serverAddr }}{{ $dests = append $dests "nacos" }}{{ end -}}
{{- if (.Values.global.kafka).bootstrapServers }}{{ $dests = append $dests "kafka" }}{{ end -}}
{{- if (.Values.global.otlp).endpoint }}{{ $dests = append $dests "otlp" }}{{ end -}}
{{- $dests = append $dests "redis" -}}
{{- range $d := $dests }}
{{- $rule := index $g $d | default dict }}
{{- if $rule.to }}
# {{ $d }}
- to:
    {{- toYaml $rule.to | nindent 4 }}
  ports:
    {{- toYaml $rule.ports | nindent 4 }}
{{- end }}
{{- end }}
{{- range $peer, $port := (include "bi-lib.app.calls" . | fromYaml) }}
# peer {{ $peer }} (gRPC)
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ $peer }}
          app.kubernetes.io/instance: {{ $.Release.Name }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- if ($np.egress.external).enabled }}
# external HTTPS APIs (never the cloud metadata addresses or the cluster's private ranges)
- to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
          {{- toYaml $g.externalExcept | nindent 10 }}
  ports:
    {{- range $np.egress.external.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end }}
{{- with $np.egress.extra }}
{{ toYaml . }}
{{- end }}
{{- end -}}
