package com.bi.charts;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strict validation of rendered objects against the Kubernetes API types: fabric8's model classes with
 * unknown properties failing and the models' any-setter (which would swallow misspelled fields) removed,
 * so a typo or a wrong type is reported with its path. Custom resources (prometheus-operator) are checked
 * against the openAPIV3Schema of the CRDs kube-prometheus-stack ships, the schema the API server enforces.
 */
final class StrictKube {
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/DaemonSet", DaemonSet.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("admissionregistration.k8s.io/v1/MutatingWebhookConfiguration", MutatingWebhookConfiguration.class),
            Map.entry("admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration", ValidatingWebhookConfiguration.class));

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("no-any-setter").setDeserializerModifier(new ValueDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier beanDesc,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    /** apiVersion/kind -> openAPIV3Schema of the served version, from the CRDs of the vendored kube-prometheus-stack. */
    private static volatile Map<String, Map<String, Object>> crdSchemas;

    private StrictKube() {}

    /** Converts the object to its API type (or checks it against its CRD schema); throws with the offending path. */
    static Object validate(Map<String, Object> object) {
        String key = object.get("apiVersion") + "/" + object.get("kind");
        Class<?> type = TYPES.get(key);
        if (type != null) {
            return MAPPER.convertValue(object, type);
        }
        Map<String, Object> schema = crdSchemas().get(key);
        if (schema == null) {
            throw new AssertionError("no API type known for " + key + " (" + Maps.str(object, "metadata.name") + ")");
        }
        MAPPER.convertValue(object.get("metadata"), ObjectMeta.class);
        Map<String, Object> rest = new HashMap<>(object);
        rest.remove("metadata");
        checkSchema(rest, schema, key);
        return object;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> crdSchemas() {
        if (crdSchemas == null) {
            synchronized (StrictKube.class) {
                if (crdSchemas == null) {
                    Map<String, Map<String, Object>> out = new HashMap<>();
                    Path stack;
                    try (Stream<Path> s = Files.list(Helm.CHART.resolve("charts"))) {
                        stack = s.filter(p -> p.getFileName().toString().startsWith("kube-prometheus-stack-")).findFirst()
                                .orElseThrow(() -> new AssertionError("kube-prometheus-stack is not among the umbrella's dependencies"));
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    Helm.Result r = Helm.run(List.of("show", "crds", stack.toString()));
                    if (r.exitCode() != 0) {
                        throw new AssertionError("helm show crds: " + r.stderr());
                    }
                    for (Map<String, Object> crd : Rendered.parse(r.stdout()).kind("CustomResourceDefinition")) {
                        String group = Maps.str(crd, "spec.group");
                        String kind = Maps.str(crd, "spec.names.kind");
                        for (Map<String, Object> v : Maps.list(crd, "spec.versions")) {
                            out.put(group + "/" + v.get("name") + "/" + kind, (Map<String, Object>) Maps.at(v, "schema.openAPIV3Schema"));
                        }
                    }
                    crdSchemas = out;
                }
            }
        }
        return crdSchemas;
    }

    /** Structural-schema check: types, required fields, enums, and no field the schema does not declare. */
    @SuppressWarnings("unchecked")
    static void checkSchema(Object value, Map<String, Object> schema, String path) {
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                throw new IllegalArgumentException(path + ": null is not allowed");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof String || value instanceof Integer || value instanceof Long)) {
                throw new IllegalArgumentException(path + ": expected an integer or a string, got " + value);
            }
            return;
        }
        String type = (String) schema.get("type");
        if (schema.get("enum") instanceof List<?> e && !e.contains(value)) {
            throw new IllegalArgumentException(path + ": " + value + " is not one of " + e);
        }
        switch (type == null ? "" : type) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException(path + ": expected an object, got " + value);
                }
                Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (Object req : (List<Object>) schema.getOrDefault("required", List.of())) {
                    if (!m.containsKey(req)) {
                        throw new IllegalArgumentException(path + ": required field " + req + " is missing");
                    }
                }
                boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
                Object additional = schema.get("additionalProperties");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String k = String.valueOf(e.getKey());
                    if (props.containsKey(k)) {
                        checkSchema(e.getValue(), (Map<String, Object>) props.get(k), path + "." + k);
                    } else if (additional instanceof Map<?, ?> a) {
                        checkSchema(e.getValue(), (Map<String, Object>) a, path + "." + k);
                    } else if (!preserve) {
                        throw new IllegalArgumentException(path + ": unknown field \"" + k + "\"");
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> l)) {
                    throw new IllegalArgumentException(path + ": expected an array, got " + value);
                }
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                for (int i = 0; i < l.size() && items != null; i++) {
                    checkSchema(l.get(i), items, path + "[" + i + "]");
                }
            }
            case "string" -> {
                if (!(value instanceof String)) {
                    throw new IllegalArgumentException(path + ": expected a string, got " + value.getClass().getSimpleName() + " " + value);
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    throw new IllegalArgumentException(path + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    throw new IllegalArgumentException(path + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException(path + ": expected a boolean, got " + value);
                }
            }
            default -> { /* no type: anything (x-kubernetes-preserve-unknown-fields) */ }
        }
    }
}
