{{/* Names of the long-running services: top-level value blocks that are bi-service aliases (have service.ports.http). */}}
{{- define "bi-platform.services" -}}
{{- $out := list -}}
{{- range $k, $v := .Values -}}
{{- if and (hasPrefix "bi-" $k) (kindIs "map" $v) (hasKey $v "service") -}}
{{- if ((($v.service).ports).http) -}}{{- $out = append $out $k -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml ($out | sortAlpha) -}}
{{- end -}}

{{/* True when the service is deployed (its condition). */}}
{{- define "bi-platform.serviceEnabled" -}}
{{- $v := index .root.Values .name -}}
{{- if and $v (ne (toString $v.enabled) "false") -}}true{{- end -}}
{{- end -}}

{{/* The gateway routes' ConfigMap is named by the value the APISIX chart mounts, so the two always agree,
whatever the release is called (one release per namespace). */}}
{{- define "bi-platform.apisixConfigMapName" -}}
{{- ((((.Values.apisix).apisix).deployment).standalone).existingConfigMap | default "bi-platform-apisix-standalone" -}}
{{- end -}}

{{/* Checks across subcharts that no single chart can make. */}}
{{- define "bi-platform.validate" -}}
{{- $env := .Values.global.env -}}
{{- if and .Values.gateway.enabled .Values.apisix.enabled -}}
{{- if not ((((.Values.apisix.apisix).deployment).standalone).existingConfigMap) -}}
{{- fail "apisix.apisix.deployment.standalone.existingConfigMap is empty: APISIX would mount its demo routes; name the ConfigMap the umbrella renders the routes into" -}}
{{- end -}}
{{- if ne ((((.Values.apisix.apisix).deployment).mode) | default "") "standalone" -}}
{{- fail "apisix.apisix.deployment.mode must be standalone: routes come only from the rendered apisix.yaml" -}}
{{- end -}}
{{- if (((.Values.apisix.apisix).admin).enabled) -}}
{{- fail "apisix.apisix.admin.enabled must be false: the Admin API is off in standalone mode (routes live in git)" -}}
{{- end -}}
{{- if ((.Values.apisix.etcd).enabled) -}}
{{- fail "apisix.etcd.enabled must be false: standalone mode needs no etcd" -}}
{{- end -}}
{{- end -}}
{{- if .Values.apisix.enabled -}}
{{- $img := .Values.apisix.image | default dict -}}
{{- if and .Values.global.registry (not (hasPrefix (printf "%s/" (trimSuffix "/" .Values.global.registry)) ($img.repository | default ""))) -}}
{{- fail (printf "apisix.image.repository %q is not in global.registry %q: mirror the APISIX image there and set apisix.image.repository" ($img.repository | default "") .Values.global.registry) -}}
{{- end -}}
{{- if and .Values.global.requireDigests (not (regexMatch "@sha256:[a-f0-9]{64}$" (toString ($img.tag | default "")))) -}}
{{- fail (printf "global.requireDigests is on and apisix.image.tag %q has no digest: give <tag>@sha256:<digest> of the mirrored APISIX image" (toString ($img.tag | default ""))) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $env "prod") (not .Values.global.requireDigests) -}}
{{- fail "prod: global.requireDigests must be true (every image pinned by digest)" -}}
{{- end -}}
{{- if eq $env "prod" -}}
{{- range $svc := include "bi-platform.services" . | fromYamlArray -}}
{{- if include "bi-platform.serviceEnabled" (dict "root" $ "name" $svc) -}}
{{- $v := index $.Values $svc -}}
{{- $replicas := ternary ($v.autoscaling.minReplicas | default 0) ($v.replicaCount | default 1) (and $v.autoscaling $v.autoscaling.enabled) -}}
{{- if lt (int $replicas) 2 -}}
{{- fail (printf "prod: %s needs at least 2 replicas (replicaCount or autoscaling.minReplicas), has %v" $svc $replicas) -}}
{{- end -}}
{{- if not (and $v.pdb $v.pdb.enabled) -}}
{{- fail (printf "prod: %s needs a PodDisruptionBudget (pdb.enabled: true)" $svc) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range $svc, $c := .Values.gateway.canary -}}
{{- $v := index $.Values $svc | default dict -}}
{{- if not $v -}}{{- fail (printf "gateway.canary.%s: no such service" $svc) -}}{{- end -}}
{{- if and (gt (int $c.weight) 0) (not (and $v.blueGreen $v.blueGreen.enabled)) -}}
{{- fail (printf "gateway.canary.%s.weight is %v but %s.blueGreen.enabled is false: the canary goes to %s-preview, the inactive track" $svc $c.weight $svc $svc) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.gateway.waf.enabled (not .Values.gateway.waf.nodes) -}}
{{- fail "gateway.waf.enabled is true but gateway.waf.nodes is empty: give the SafeLine detector nodes [{host, port}]" -}}
{{- end -}}
{{- end -}}
