package com.bi.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Rendered Kubernetes objects: parsing a multi-document stream, the apply order (ConfigMaps and Secrets first,
 * then Helm's install order, then custom resources), Secret values turned into envsubst references, and YAML out
 * with multi-line strings kept readable (literal blocks) so a diff shows changed lines.
 */
public final class Manifests {
    /** ConfigMaps and Secrets first (everything else reads them), then Helm's install order; unknown kinds last. */
    static final List<String> ORDER = List.of("ConfigMap", "Secret", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodDisruptionBudget", "ServiceAccount", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
            "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "DaemonSet", "Pod",
            "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
            "APIService");

    private Manifests() {
    }

    public record K8sObject(String apiVersion, String kind, String namespace, String name, Map<String, Object> body) {
        public String key() {
            return apiVersion + " " + kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> annotations() {
            Object meta = body.get("metadata");
            if (meta instanceof Map<?, ?> m && m.get("annotations") instanceof Map<?, ?> a) {
                return (Map<String, Object>) a;
            }
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    public static List<K8sObject> parse(String stream, String defaultNamespace) {
        List<K8sObject> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(stream)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> m) || !(m.get("kind") instanceof String kind)) {
                throw OpsException.failed("a rendered document is not a Kubernetes object: " + String.valueOf(doc).lines().findFirst().orElse(""));
            }
            Map<String, Object> body = (Map<String, Object>) m;
            Map<String, Object> meta = (Map<String, Object>) body.getOrDefault("metadata", Map.of());
            String ns = meta.get("namespace") instanceof String s ? s : defaultNamespace;
            out.add(new K8sObject(String.valueOf(body.get("apiVersion")), kind, ns, String.valueOf(meta.get("name")), body));
        }
        return out;
    }

    static int rank(String kind) {
        int i = ORDER.indexOf(kind);
        return i < 0 ? ORDER.size() : i;
    }

    public static List<K8sObject> ordered(List<K8sObject> objects) {
        List<K8sObject> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparingInt((K8sObject o) -> rank(o.kind())).thenComparing(K8sObject::kind).thenComparing(K8sObject::name));
        return sorted;
    }

    /** helm test pods and other hooks: Helm runs them, a plain kubectl apply must not. */
    public static boolean isHook(K8sObject o) {
        return o.annotations().containsKey("helm.sh/hook");
    }

    /** The envsubst variable standing for a Secret key: BI_SECRET_<SECRET>_<KEY>, upper case, other characters as '_'. */
    public static String secretVariable(String secret, String key) {
        return ("BI_SECRET_" + secret + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /**
     * A Secret with its values replaced by ${BI_SECRET_...} references in stringData (data removed): the rendered
     * file holds no secret, the values are substituted from the vault at apply time. Returns the variables used.
     */
    @SuppressWarnings("unchecked")
    public static List<String> referenceSecretValues(K8sObject secret) {
        TreeSet<String> keys = new TreeSet<>();
        for (String field : List.of("data", "stringData")) {
            if (secret.body().get(field) instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).keySet().forEach(keys::add);
            }
        }
        secret.body().remove("data");
        secret.body().remove("stringData");
        List<String> vars = new ArrayList<>();
        if (!keys.isEmpty()) {
            Map<String, Object> refs = new LinkedHashMap<>();
            for (String k : keys) {
                String v = secretVariable(secret.name(), k);
                refs.put(k, "${" + v + "}");
                vars.add(v);
            }
            secret.body().put("stringData", refs);
        }
        return vars;
    }

    public static String dump(K8sObject o) {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        opts.setWidth(4096);
        opts.setSplitLines(false);
        return new Yaml(new LiteralRepresenter(opts), opts).dump(o.body());
    }

    /** Multi-line strings as literal blocks (|), so embedded files (apisix.yaml, dashboards) stay line-diffable. */
    static final class LiteralRepresenter extends Representer {
        LiteralRepresenter(DumperOptions opts) {
            super(opts);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> {
                String s = (String) data;
                if (s.indexOf('\n') >= 0) {
                    return representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL);
                }
                return plain.representData(data);
            });
        }

        @Override
        protected Node representScalar(Tag tag, String value, DumperOptions.ScalarStyle style) {
            return super.representScalar(tag, value, style);
        }
    }
}
