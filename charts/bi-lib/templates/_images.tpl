{{/*
Image reference <registry>/<repository>:<tag>[@<digest>] — a digest pins the image and wins over the tag.
Refuses an empty tag (without digest) and "latest", so every rollout is traceable to a build; with
global.requireDigests (prod) refuses any image without a digest.
Usage: include "bi-lib.images.image" (dict "image" .Values.image "global" .Values.global "what" "bi-sys")
*/}}
{{- define "bi-lib.images.image" -}}
{{- $img := .image -}}
{{- $g := .global | default dict -}}
{{- $registry := $img.registry | default $g.registry | default "" -}}
{{- $repo := required (printf "%s: image.repository is required" .what) $img.repository -}}
{{- $digest := $img.digest | default "" -}}
{{- $tag := $img.tag | default $g.imageTag | default "" | toString -}}
{{- if $digest -}}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" $digest) -}}
{{- fail (printf "%s: image.digest %q is not a sha256 digest (sha256:<64 hex>)" .what $digest) -}}
{{- end -}}
{{- else -}}
{{- if and $g.requireDigests (not .allowTag) -}}
{{- fail (printf "%s: global.requireDigests is on (prod) and image.digest is empty: give the build's sha256 digest (release-<version>-digests.yaml)" .what) -}}
{{- end -}}
{{- if not $tag -}}
{{- fail (printf "%s: image.tag is empty and no image.digest is set: give <version>-<git sha> (or global.imageTag), or pin image.digest" .what) -}}
{{- end -}}
{{- if eq (lower $tag) "latest" -}}
{{- fail (printf "%s: image.tag \"latest\" is refused: pin <version>-<git sha> or image.digest so rollouts and rollbacks are reproducible" .what) -}}
{{- end -}}
{{- end -}}
{{- $ref := $repo -}}
{{- if $registry -}}{{- $ref = printf "%s/%s" (trimSuffix "/" $registry) $repo -}}{{- end -}}
{{- if $digest -}}
{{- if $tag -}}{{- printf "%s:%s@%s" $ref $tag $digest -}}{{- else -}}{{- printf "%s@%s" $ref $digest -}}{{- end -}}
{{- else -}}
{{- printf "%s:%s" $ref $tag -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets from global.imagePullSecrets + local list (names), de-duplicated. */}}
{{- define "bi-lib.images.pullSecrets" -}}
{{- $names := list -}}
{{- range (concat ((.global | default dict).imagePullSecrets | default list) (.local | default list)) -}}
{{- $names = append $names . -}}
{{- end -}}
{{- if $names }}
imagePullSecrets:
{{- range ($names | uniq) }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
