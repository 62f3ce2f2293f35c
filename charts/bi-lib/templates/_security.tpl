{{/*
Pod securityContext that passes the Kubernetes "restricted" Pod Security Standard, with overrides.
Usage: include "bi-lib.security.pod" (dict "securityContext" .Values.securityContext "override" .Values.podSecurityContext)
The override is merged over the defaults (the chart tests check the result still passes "restricted").
*/}}
{{- define "bi-lib.security.pod" -}}
{{- $uid := (.securityContext | default dict).runAsUser | default 10001 -}}
{{- $base := dict "runAsNonRoot" true "runAsUser" $uid "runAsGroup" $uid "fsGroup" $uid "seccompProfile" (dict "type" "RuntimeDefault") -}}
{{- toYaml (mergeOverwrite $base (deepCopy (.override | default dict))) -}}
{{- end -}}

{{/* Container securityContext for the restricted PSS: no escalation, all capabilities dropped, read-only root; override merged over it. */}}
{{- define "bi-lib.security.container" -}}
{{- $uid := (.securityContext | default dict).runAsUser | default 10001 -}}
{{- $base := dict "runAsNonRoot" true "runAsUser" $uid "runAsGroup" $uid "allowPrivilegeEscalation" false "readOnlyRootFilesystem" true "privileged" false "capabilities" (dict "drop" (list "ALL")) "seccompProfile" (dict "type" "RuntimeDefault") -}}
{{- toYaml (mergeOverwrite $base (deepCopy (.override | default dict))) -}}
{{- end -}}
