{{/* Pod securityContext that passes the Kubernetes "restricted" Pod Security Standard. */}}
{{- define "bi-lib.security.pod" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser | default 10001 }}
runAsGroup: {{ .runAsUser | default 10001 }}
fsGroup: {{ .runAsUser | default 10001 }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container securityContext for the restricted PSS: no escalation, all capabilities dropped, read-only root. */}}
{{- define "bi-lib.security.container" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser | default 10001 }}
runAsGroup: {{ .runAsUser | default 10001 }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
