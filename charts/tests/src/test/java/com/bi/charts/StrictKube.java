package com.bi.charts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strict validation of rendered objects against the Kubernetes API types: fabric8's model classes with
 * unknown properties failing and the models' any-setter (which would swallow misspelled fields) removed,
 * so a typo or a wrong type is reported with its path.
 */
final class StrictKube {
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

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

    private StrictKube() {}

    /** Converts the object to its API type; throws with the offending path when a field is unknown or mistyped. */
    static Object validate(Map<String, Object> object) {
        String key = object.get("apiVersion") + "/" + object.get("kind");
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new AssertionError("no API type known for " + key + " (" + Maps.str(object, "metadata.name") + ")");
        }
        return MAPPER.convertValue(object, type);
    }

    // prometheus-operator CRDs (the fabric8 monitoring model is not on this Maven Central): the fields we use.
    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {}
    record ServiceMonitorSpec(LabelSelector selector, NamespaceSelector namespaceSelector, List<Endpoint> endpoints, String jobLabel) {}
    record NamespaceSelector(Boolean any, List<String> matchNames) {}
    record Endpoint(String port, String path, String interval, String scrapeTimeout, String scheme) {}
    record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, RuleSpec spec) {}
    record RuleSpec(List<RuleGroup> groups) {}
    record RuleGroup(String name, String interval, List<Rule> rules) {}
    record Rule(String alert, String record, String expr, @JsonProperty("for") String forDuration,
                Map<String, String> labels, Map<String, String> annotations) {}
}
