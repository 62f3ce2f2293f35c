package com.bi.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-deploy checklist as code. Local checks (the values render and pass the chart's schema, images pinned for
 * prod, gateway routes point at rendered Services) come from one render; cluster checks (context, namespace, every
 * Secret key the pods reference — names only, never values) are reads through {@link Cluster}; Nacos data ids
 * through scripts/nacos-drift.sh. Every check is reported; any FAIL fails the preflight.
 */
final class Preflight {
    enum Status { PASS, WARN, FAIL }

    record Check(String name, Status status, String detail) {
    }

    private Preflight() {
    }

    static List<Check> run(OpsContext ctx, Cluster cluster, String imageTag, boolean skipNacos) {
        List<Check> checks = new ArrayList<>();
        RenderCommand.Rendered rendered;
        try {
            rendered = RenderCommand.render(ctx, imageTag, null);
            checks.add(new Check("values render and pass the schema", Status.PASS, rendered.objects().size() + " objects from "
                    + ctx.valuesFiles().size() + " values files"));
        } catch (OpsException e) {
            checks.add(new Check("values render and pass the schema", Status.FAIL, e.getMessage()));
            return checks;
        }
        checks.add(images(ctx, rendered.objects()));
        checks.add(gatewayRoutes(rendered.objects()));

        Proc.Result current = cluster.kubectlRead("config", "current-context");
        if (!current.ok()) {
            checks.add(new Check("kube context", Status.FAIL, "kubectl config current-context failed: " + Proc.tail(current.err())));
        } else if (ctx.kubeContext() == null) {
            checks.add(new Check("kube context", ctx.prod() ? Status.FAIL : Status.WARN, "none given (--context); kubectl would use '"
                    + current.out().strip() + "'"));
        } else {
            checks.add(new Check("kube context", Status.PASS, ctx.kubeContext()));
        }
        Proc.Result ns = cluster.kubectlRead("get", "namespace", ctx.namespace(), "--output=name");
        checks.add(new Check("namespace " + ctx.namespace(), ns.ok() ? Status.PASS : Status.FAIL, ns.ok() ? "exists" : Proc.tail(ns.err())));
        checks.addAll(secrets(cluster, rendered.objects()));
        checks.add(nacos(ctx, skipNacos));
        return checks;
    }

    /** Every image a pod would run; for prod each must carry a digest (a tag can be moved under a running release). */
    static Check images(OpsContext ctx, List<Manifests.K8sObject> objects) {
        Set<String> images = new LinkedHashSet<>();
        for (Manifests.K8sObject o : objects) {
            collect(o.body(), "image", images);
        }
        List<String> unpinned = images.stream().filter(i -> !i.contains("@sha256:")).toList();
        if (!ctx.prod()) {
            return new Check("images", Status.PASS, images.size() + " images" + (unpinned.isEmpty() ? ", all pinned by digest" : ""));
        }
        if (unpinned.isEmpty()) {
            return new Check("images pinned by digest (prod)", Status.PASS, images.size() + " images");
        }
        return new Check("images pinned by digest (prod)", Status.FAIL, "not pinned: " + String.join(", ", unpinned)
                + " — resolve each tag (crane digest <image>, or skopeo inspect --format '{{.Digest}}' docker://<image>) into the release's digests file");
    }

    @SuppressWarnings("unchecked")
    static void collect(Object node, String key, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (key.equals(e.getKey()) && e.getValue() instanceof String s) {
                    out.add(s);
                } else {
                    collect(e.getValue(), key, out);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collect(x, key, out));
        }
    }

    /** Secret name → keys the pods reference with secretKeyRef (optional ones excluded). */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> requiredSecretKeys(List<Manifests.K8sObject> objects) {
        Map<String, Set<String>> required = new LinkedHashMap<>();
        for (Manifests.K8sObject o : objects) {
            walkRefs(o.body(), required);
        }
        return required;
    }

    /** Secret name → every key one object references (optional ones included). */
    static Map<String, Set<String>> requiredSecretKeysAll(Manifests.K8sObject o) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        walkAllRefs(o.body(), m);
        return m;
    }

    private static void walkAllRefs(Object node, Map<String, Set<String>> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("secretKeyRef") instanceof Map<?, ?> ref) {
                out.computeIfAbsent(String.valueOf(ref.get("name")), k -> new java.util.TreeSet<>()).add(String.valueOf(ref.get("key")));
            }
            m.values().forEach(v -> walkAllRefs(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(x -> walkAllRefs(x, out));
        }
    }

    @SuppressWarnings("unchecked")
    private static void walkRefs(Object node, Map<String, Set<String>> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("secretKeyRef") instanceof Map<?, ?> ref && !Boolean.TRUE.equals(ref.get("optional"))) {
                out.computeIfAbsent(String.valueOf(ref.get("name")), k -> new java.util.TreeSet<>()).add(String.valueOf(ref.get("key")));
            }
            m.values().forEach(v -> walkRefs(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(x -> walkRefs(x, out));
        }
    }

    /** Asks only for the key names of each Secret (a go-template printing the keys), never the values. */
    static List<Check> secrets(Cluster cluster, List<Manifests.K8sObject> objects) {
        List<Check> checks = new ArrayList<>();
        Set<String> rendered = new LinkedHashSet<>();
        objects.stream().filter(o -> o.kind().equals("Secret")).forEach(o -> rendered.add(o.name()));
        for (Map.Entry<String, Set<String>> e : requiredSecretKeys(objects).entrySet()) {
            String name = e.getKey();
            if (rendered.contains(name)) {
                checks.add(new Check("secret " + name, Status.PASS, "rendered by the chart"));
                continue;
            }
            Proc.Result r = cluster.kubectlRead("get", "secret", name, "--output=go-template={{range $k, $v := .data}}{{$k}}{{\"\\n\"}}{{end}}");
            if (!r.ok()) {
                checks.add(new Check("secret " + name, Status.FAIL, "missing (" + Proc.tail(r.err()) + "); needs keys " + e.getValue()));
                continue;
            }
            Set<String> present = new LinkedHashSet<>(r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
            List<String> missing = e.getValue().stream().filter(k -> !present.contains(k)).toList();
            checks.add(new Check("secret " + name, missing.isEmpty() ? Status.PASS : Status.FAIL,
                    missing.isEmpty() ? "has the " + e.getValue().size() + " keys the pods reference" : "missing keys " + missing));
        }
        return checks;
    }

    /** Every route's upstream exists and every upstream node is a Service the release renders, on one of its ports. */
    @SuppressWarnings("unchecked")
    static Check gatewayRoutes(List<Manifests.K8sObject> objects) {
        Manifests.K8sObject cm = objects.stream().filter(o -> o.kind().equals("ConfigMap") && o.name().endsWith("-apisix-standalone"))
                .findFirst().orElse(null);
        if (cm == null) {
            return new Check("gateway routes", Status.WARN, "no APISIX standalone ConfigMap rendered (gateway disabled?)");
        }
        Object data = ((Map<String, Object>) cm.body().getOrDefault("data", Map.of())).get("apisix.yaml");
        if (!(data instanceof String yaml) || !yaml.strip().endsWith("#END")) {
            return new Check("gateway routes", Status.FAIL, "apisix.yaml missing or without the #END marker APISIX needs to load it");
        }
        Map<String, Object> conf = ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.parse(yaml), "apisix.yaml");
        Map<String, Set<Integer>> servicePorts = new LinkedHashMap<>();
        for (Manifests.K8sObject o : objects) {
            if (o.kind().equals("Service") && o.body().get("spec") instanceof Map<?, ?> spec && spec.get("ports") instanceof List<?> ports) {
                for (Object p : ports) {
                    if (p instanceof Map<?, ?> pm && pm.get("port") instanceof Number n) {
                        servicePorts.computeIfAbsent(o.name() + "." + o.namespace(), k -> new java.util.HashSet<>()).add(n.intValue());
                    }
                }
            }
        }
        Set<String> upstreamIds = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Object u : (List<Object>) conf.getOrDefault("upstreams", List.of())) {
            Map<String, Object> up = (Map<String, Object>) u;
            upstreamIds.add(String.valueOf(up.get("id")));
            if (up.get("nodes") instanceof List<?> nodes) {
                for (Object n : nodes) {
                    Map<String, Object> node = (Map<String, Object>) n;
                    String host = String.valueOf(node.get("host")).replaceFirst("\\.svc(\\.cluster\\.local)?$", "");
                    Set<Integer> ports = servicePorts.get(host);
                    int port = node.get("port") instanceof Number p ? p.intValue() : -1;
                    if (ports == null || !ports.contains(port)) {
                        problems.add("upstream " + up.get("id") + " -> " + node.get("host") + ":" + port + " is no rendered Service port");
                    }
                }
            }
        }
        int routes = 0;
        for (Object r : (List<Object>) conf.getOrDefault("routes", List.of())) {
            Map<String, Object> route = (Map<String, Object>) r;
            routes++;
            if (!upstreamIds.contains(String.valueOf(route.get("upstream_id")))) {
                problems.add("route " + route.get("id") + " -> unknown upstream " + route.get("upstream_id"));
            }
            if (!(route.get("uris") instanceof List<?> uris) || uris.isEmpty()) {
                problems.add("route " + route.get("id") + " has no uris");
            }
        }
        return problems.isEmpty() ? new Check("gateway routes", Status.PASS, routes + " routes, " + upstreamIds.size() + " upstreams, all resolve")
                : new Check("gateway routes", Status.FAIL, String.join("; ", problems));
    }

    static Check nacos(OpsContext ctx, boolean skip) {
        if (skip) {
            return new Check("nacos data ids", Status.WARN, "skipped (--skip-nacos)");
        }
        String addr = System.getenv("NACOS_SERVER_ADDR");
        if (addr == null || addr.isBlank()) {
            return new Check("nacos data ids", ctx.prod() ? Status.FAIL : Status.WARN,
                    "NACOS_SERVER_ADDR not set: cannot compare config/nacos/" + ctx.env() + " with Nacos");
        }
        Proc.Result r = Proc.run(List.of(ctx.root().resolve("scripts/nacos-drift.sh").toString(), ctx.env()));
        return switch (r.exit()) {
            case 0 -> new Check("nacos data ids", Status.PASS, "config/nacos/" + ctx.env() + " and Nacos are in sync");
            case 1 -> new Check("nacos data ids", Status.FAIL, "differs from config/nacos/" + ctx.env() + " (scripts/nacos-publish.sh): "
                    + Proc.tail(r.out()));
            default -> new Check("nacos data ids", Status.FAIL, "Nacos cannot be asked: " + Proc.tail(r.err()));
        };
    }

    static boolean report(List<Check> checks, PrintStream out) {
        out.println("preflight:");
        for (Check c : checks) {
            out.printf("  %-4s %-34s %s%n", c.status(), c.name(), c.detail());
        }
        long fails = checks.stream().filter(c -> c.status() == Status.FAIL).count();
        long warns = checks.stream().filter(c -> c.status() == Status.WARN).count();
        out.printf("RESULT preflight: %d checks, %d failed, %d warnings%n", checks.size(), fails, warns);
        return fails == 0;
    }
}
