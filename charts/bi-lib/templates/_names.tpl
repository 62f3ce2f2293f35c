{{/*
Names. A bi-platform workload is named after its chart name, which is the Chart.yaml alias when the
generic chart is used once per service (bi-sys, bi-analysis, ...). Service DNS names therefore equal
the service names of the catalog, so peers reach each other at <service>:<grpc port> in one namespace.
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "bi-lib.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified workload name: fullnameOverride, else the (alias) chart name. */}}
{{- define "bi-lib.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "bi-lib.names.name" . -}}
{{- end -}}
{{- end -}}

{{/* chart label value: name-version */}}
{{- define "bi-lib.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name for objects owned by the umbrella itself: <release>-<suffix>. Usage: include "bi-lib.names.releaseScoped" (dict "context" $ "suffix" "apisix-standalone") */}}
{{- define "bi-lib.names.releaseScoped" -}}
{{- printf "%s-%s" .context.Release.Name .suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}
