package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: the chart as the cluster really gets it, rendered with the real APISIX 2.14.0 and
 * kube-prometheus-stack 88.5.3. One test per defect the review found, named after it.
 */
class ChartDefectsTest {

    // ---- rendered with the real upstream charts -------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void apisixMountsTheUmbrellasRoutesNotItsDemoConfigMap(String env) {
        Rendered r = Helm.env(env);
        Map<String, Object> gw = apisixDeployment(r);
        Map<String, Object> volume = Maps.list(gw, "spec.template.spec.volumes").stream()
                .filter(v -> "apisix-admin".equals(v.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no apisix.yaml volume"));
        String mounted = Maps.str(volume, "configMap.name");
        Map<String, Object> cm = r.get("ConfigMap", mounted);
        assertTrue(Maps.str(cm, "data.apisix.yaml").contains("routes:"), "the mounted ConfigMap holds the umbrella's routes");
        assertTrue(Maps.list(gw, "spec.template.spec.containers.0.volumeMounts").stream().anyMatch(m -> "apisix-admin".equals(m.get("name"))
                && "/apisix-config".equals(m.get("mountPath"))));
    }

    @ParameterizedTest
    @CsvSource({"dev,false", "test,true", "prod,true"})
    void apisixConfigCarriesTheOverlaysRealIpSettings(String env, boolean behindLoadBalancer) {
        String config = Maps.str(Helm.env(env).get("ConfigMap", "bi-platform-apisix"), "data.config.yaml");
        Map<String, Object> parsed = Rendered.YAML.readValue(config, LinkedHashMap.class);
        String snippet = String.valueOf(Maps.at(parsed, "nginx_config.http_server_configuration_snippet"));
        if (behindLoadBalancer) {
            assertTrue(snippet.contains("set_real_ip_from 100.64.0.0/10;"), snippet);
            assertTrue(snippet.contains("set_real_ip_from 10.0.0.0/8;"), snippet);
            assertTrue(snippet.contains("real_ip_header X-Forwarded-For;"), snippet);
            assertTrue(snippet.contains("real_ip_recursive on;"), snippet);
        } else {
            assertFalse(snippet.contains("real_ip_header"), "dev has no load balancer in front: " + snippet);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void apisixRendersNoEmptyEtcdSecret(String env) {
        // standalone mode has no etcd; the chart rendered an etcd Secret with an empty password for its default user
        List<String> secrets = Helm.env(env).kind("Secret").stream().map(o -> Maps.str(o, "metadata.name")).toList();
        assertTrue(secrets.isEmpty(), "the release renders no Secret of its own: " + secrets);
    }

    @ParameterizedTest
    @CsvSource({"dev,false", "test,false", "prod,false", "prod,true"})
    void everyPdbAllowsADisruptionAtItsRenderedReplicaCount(String env, boolean stack) {
        Rendered r = stack ? Helm.envWithStack(env) : Helm.env(env);
        List<String> blocked = new ArrayList<>();
        for (Map<String, Object> pdb : r.kind("PodDisruptionBudget")) {
            Map<String, Object> selector = Maps.map(pdb, "spec.selector.matchLabels");
            List<Map<String, Object>> targets = r.filter(o -> Pss.podSpecs(o).size() == 1 && !"Pod".equals(o.get("kind"))
                    && labelsMatch(selector, podLabels(o)));
            assertEquals(1, targets.size(), "PDB " + Maps.str(pdb, "metadata.name") + " selects exactly one workload");
            int replicas = replicas(r, targets.get(0));
            int allowed = allowedDisruptions(pdb, replicas);
            if (allowed < 1) {
                blocked.add(Maps.str(pdb, "metadata.name") + " (" + replicas + " replicas, allows " + allowed + ")");
            }
        }
        assertTrue(blocked.isEmpty(), "PDBs that block every drain: " + blocked);
        if (env.equals("prod")) {
            assertNotNull(Maps.at(r.get("PodDisruptionBudget", "bi-platform-apisix"), "spec.maxUnavailable"), "APISIX's 90% minAvailable is gone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void everyPodOfTheReleasePassesTheRestrictedPodSecurityStandard(String env) {
        Rendered r = Helm.env(env);
        List<String> violations = new ArrayList<>();
        int pods = 0;
        for (Map<String, Object> o : r.objects) {
            for (Map<String, Object> spec : Pss.podSpecs(o)) {
                pods++;
                Pss.restrictedViolations(spec, podAnnotations(o)).forEach(v -> violations.add(o.get("kind") + "/" + Maps.str(o, "metadata.name") + ": " + v));
            }
        }
        assertEquals(Catalog.SERVICES.size() + 1 + Catalog.CRON_JOBS.size() + Catalog.SERVICES.size(), pods, "services, APISIX, CronJobs, helm test pods");
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void restrictedCheckerRejectsWhatTheStandardForbids() {
        Map<String, Object> apisix = deepCopy(apisixDeployment(Helm.env("prod")));
        Map<String, Object> spec = Maps.map(apisix, "spec.template.spec");
        assertTrue(Pss.restrictedViolations(spec, Map.of()).isEmpty());
        Map<String, Object> ctr = Maps.list(spec, "containers").get(0);
        ctr.put("securityContext", new LinkedHashMap<>(Map.of("runAsNonRoot", true)));
        spec.put("hostNetwork", true);
        spec.put("volumes", List.of(Map.of("name", "h", "hostPath", Map.of("path", "/"))));
        List<String> v = Pss.restrictedViolations(spec, Map.of());
        for (String expected : List.of("hostNetwork", "allowPrivilegeEscalation", "capabilities must drop ALL", "hostPath")) {
            assertTrue(v.stream().anyMatch(s -> s.contains(expected)), expected + " in " + v);
        }
    }

    @ParameterizedTest
    @CsvSource({"dev,false", "test,false", "prod,true"})
    void nothingCrdBasedRendersWithoutItsApi(String env, boolean stackValuesOn) {
        // a cluster without the prometheus-operator CRDs (and the stack not installed with the release)
        List<String> args = Helm.envArgsWithoutCrds(env);
        Rendered r = Rendered.parse(Helm.templateOk(args));
        List<String> crdBased = r.filter(o -> String.valueOf(o.get("apiVersion")).startsWith("monitoring.coreos.com/"))
                .stream().map(o -> o.get("kind") + "/" + Maps.str(o, "metadata.name")).toList();
        assertTrue(crdBased.isEmpty(), "rendered without monitoring.coreos.com/v1: " + crdBased);
        assertEquals(12, r.kind("Deployment").size(), "everything else still renders");
        if (stackValuesOn) {
            // the objects exist once the API does (APISIX's ServiceMonitor included)
            assertNotNull(Helm.env(env).get("ServiceMonitor", "bi-platform-apisix"));
        }
    }

    @Test
    void dashboardsAndRulesCarryTheLabelsKubePrometheusStackSelects() {
        // the bundled stack: its Prometheus selects by release=<release>; every ServiceMonitor/PrometheusRule of ours matches
        Rendered withStack = Helm.envWithStack("prod");
        Map<String, Object> prometheus = withStack.kind("Prometheus").get(0);
        Map<String, Object> smSelector = Maps.map(prometheus, "spec.serviceMonitorSelector.matchLabels");
        Map<String, Object> ruleSelector = Maps.map(prometheus, "spec.ruleSelector.matchLabels");
        for (Map<String, Object> sm : RenderedObjectsTest.ours(withStack, "ServiceMonitor")) {
            assertTrue(labelsMatch(smSelector, Maps.map(sm, "metadata.labels")), Maps.str(sm, "metadata.name") + " selected by " + smSelector);
        }
        assertEquals(12, RenderedObjectsTest.ours(withStack, "ServiceMonitor").size(), "the gateway's included");
        for (Map<String, Object> pr : RenderedObjectsTest.ours(withStack, "PrometheusRule")) {
            assertTrue(labelsMatch(ruleSelector, Maps.map(pr, "metadata.labels")), Maps.str(pr, "metadata.name") + " selected by " + ruleSelector);
        }
        // an external stack named "kps": global.monitoring.release reaches every object, APISIX's ServiceMonitor too
        Rendered external = Helm.render("prod", "--set", "global.monitoring.release=kps");
        List<Map<String, Object>> monitoring = external.filter(o -> String.valueOf(o.get("apiVersion")).startsWith("monitoring.coreos.com/"));
        assertEquals(12 + 13, monitoring.size());
        for (Map<String, Object> o : monitoring) {
            assertEquals("kps", Maps.str(o, "metadata.labels.release"), o.get("kind") + "/" + Maps.str(o, "metadata.name"));
        }
        List<Map<String, Object>> dashboards = external.filter(o -> "ConfigMap".equals(o.get("kind")) && Maps.str(o, "metadata.labels.grafana_dashboard") != null);
        assertEquals(3, dashboards.size());
        dashboards.forEach(d -> assertEquals("1", Maps.str(d, "metadata.labels.grafana_dashboard")));
    }

    // ---- item 4: NetworkPolicies ---------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void networkPolicyPeersFollowWhatTheCodeCalls() throws IOException {
        Map<String, Object> calls = Maps.map(ChartMetadataTest.yaml(Helm.SOURCE.resolve("bi-platform/values.yaml")), "global.calls");
        Path modules = Helm.SOURCE.resolve("../modules");
        int checked = 0;
        for (Catalog c : Catalog.SERVICES) {
            Path module = modules.resolve(c.name() + "/src/main/java");
            if (!Files.isDirectory(module)) {
                continue; // planned in the service catalog, no module yet: its calls are the planned ones in values.yaml
            }
            checked++;
            Object declared = calls.get(c.name());
            Set<String> chart = declared == null ? Set.of() : new TreeSet<>(((Map<String, Object>) declared).keySet());
            assertEquals(codeCalls(c.name(), module), chart, c.name() + ": global.calls vs the code");
        }
        assertTrue(checked >= 5, "modules found: " + checked);
        // every service but bi-tenant calls bi-tenant (TenantGuard), so bi-tenant admits them all
        Rendered r = Helm.env("prod");
        Set<String> admitted = callersAdmitted(r.get("NetworkPolicy", "bi-tenant"));
        Set<String> expected = Catalog.SERVICES.stream().map(Catalog::name).filter(n -> !n.equals("bi-tenant")).collect(Collectors.toCollection(TreeSet::new));
        expected.add("bi-cron");
        assertEquals(expected, admitted);
        // and each caller may leave towards each of its peers' gRPC ports
        for (Map.Entry<String, Object> e : calls.entrySet()) {
            String kind = "bi-cron".equals(e.getKey()) ? "bi-cron" : e.getKey();
            Map<String, Object> np = r.get("NetworkPolicy", kind);
            for (Map.Entry<String, Object> peer : ((Map<String, Object>) e.getValue()).entrySet()) {
                assertTrue(callersAdmitted(r.get("NetworkPolicy", peer.getKey())).contains(e.getKey()), peer.getKey() + " admits " + e.getKey());
                assertTrue(Maps.list(np, "spec.egress").stream().anyMatch(rule -> peer.getKey().equals(Maps.str(rule, "to.0.podSelector.matchLabels.app.kubernetes.io/name"))
                        && peer.getValue().equals(Maps.at(rule, "ports.0.port"))), e.getKey() + " may reach " + peer.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void egressAllowsOnlyDnsTheInfrastructureAndPeersNeverCloudMetadata(String env) {
        Rendered r = Helm.render(env, "--set", "global.kafka.bootstrapServers=kafka.bi-infra.svc:9092", "--set", "global.otlp.endpoint=http://otel.bi-infra.svc:4317");
        Set<Integer> infraPorts = Set.of(53, 5432, 8848, 9848, 9092, 6379, 4317, 4318, 8000);
        Set<Integer> peerPorts = Catalog.SERVICES.stream().map(Catalog::grpc).collect(Collectors.toSet());
        Set<Integer> httpPorts = Catalog.SERVICES.stream().map(Catalog::http).collect(Collectors.toSet());
        for (Map<String, Object> np : r.kind("NetworkPolicy")) {
            String name = Maps.str(np, "metadata.name");
            assertTrue(((List<?>) Maps.at(np, "spec.policyTypes")).contains("Egress"), name + " restricts egress");
            for (Map<String, Object> rule : Maps.list(np, "spec.egress")) {
                assertNotNull(rule.get("to"), name + ": an egress rule without 'to' allows everywhere");
                assertNotNull(rule.get("ports"), name + ": an egress rule without ports allows every port");
                for (Map<String, Object> to : Maps.list(rule, "to")) {
                    if (to.get("ipBlock") != null) {
                        List<?> except = (List<?>) Maps.at(to, "ipBlock.except");
                        assertTrue(except.contains("169.254.0.0/16") && except.contains("100.100.100.200/32"), name + ": cloud metadata excluded " + except);
                        assertTrue(List.of("bi-api-jushuitan", "bi-notify").contains(name), name + " has no business outside the cluster");
                    }
                }
                for (Map<String, Object> p : Maps.list(rule, "ports")) {
                    int port = (Integer) p.get("port");
                    boolean external = Maps.list(rule, "to").stream().anyMatch(t -> t.get("ipBlock") != null);
                    boolean gatewayToServices = name.equals("bi-platform-apisix") && httpPorts.contains(port);
                    assertTrue(infraPorts.contains(port) || peerPorts.contains(port) || gatewayToServices || external, name + ": egress to port " + port);
                }
            }
        }
        Map<String, Object> kafkaUser = r.get("NetworkPolicy", "bi-analysis");
        assertTrue(Maps.list(kafkaUser, "spec.egress").stream().anyMatch(rule -> Integer.valueOf(9092).equals(Maps.at(rule, "ports.0.port"))), "Kafka when configured");
        Map<String, Object> gateway = r.get("NetworkPolicy", "bi-platform-apisix");
        assertEquals(env.equals("prod"), Maps.list(gateway, "spec.egress").stream().anyMatch(rule -> Integer.valueOf(8000).equals(Maps.at(rule, "ports.0.port"))),
                "the gateway reaches the WAF only where the WAF is on");
        // no Kafka or OTLP without them
        assertTrue(Maps.list(Helm.env(env).get("NetworkPolicy", "bi-analysis"), "spec.egress").stream().noneMatch(rule -> Integer.valueOf(9092).equals(Maps.at(rule, "ports.0.port"))));
    }

    @Test
    void devNodePortsAreReachableThroughAnIpBlock() {
        Map<String, Object> np = Helm.env("dev").get("NetworkPolicy", "bi-sys");
        assertTrue(Maps.list(np, "spec.ingress").stream().anyMatch(rule -> "10.0.0.0/8".equals(Maps.str(rule, "from.0.ipBlock.cidr"))
                && "http".equals(Maps.str(rule, "ports.0.port"))), "NodePort clients by ipBlock");
        assertTrue(Maps.list(Helm.env("prod").get("NetworkPolicy", "bi-sys"), "spec.ingress").stream().noneMatch(rule -> Maps.at(rule, "from.0.ipBlock") != null),
                "no ipBlock where the Services are ClusterIP");
    }

    @Test
    void externalPrometheusNamespaceIsAdmitted() {
        Rendered r = Helm.render("prod", "--set", "global.prometheus.namespace=monitoring");
        for (String np : List.of("bi-sys", "bi-analysis", "bi-platform-apisix")) {
            assertTrue(Maps.list(r.get("NetworkPolicy", np), "spec.ingress").stream().anyMatch(rule ->
                            "monitoring".equals(Maps.str(rule, "from.0.namespaceSelector.matchLabels.kubernetes.io/metadata.name"))
                                    && "prometheus".equals(Maps.str(rule, "from.0.podSelector.matchLabels.app.kubernetes.io/name"))),
                    np + " lets Prometheus in from its namespace");
        }
    }

    // ---- item 4: blue-green, spreading, bi-cron, HPA, kubeVersion, release name, tests, dashboards -----------------

    @Test
    void greenTrackTagDoesNotInheritTheBaseDigest() {
        String base = "sha256:" + "ab".repeat(32);
        Rendered r = Helm.render("dev", "--set", "bi-analysis.image.digest=" + base, "--set", "bi-analysis.blueGreen.enabled=true",
                "--set", "bi-analysis.blueGreen.tracks.green.image.tag=1.5.0-1b2c3d4");
        assertEquals("registry.example.com/bi/bi-analysis:1.5.0-1b2c3d4", image(r.get("Deployment", "bi-analysis-green")), "green runs its own build");
        assertEquals("registry.example.com/bi/bi-analysis:1.4.0-0a1b2c3@" + base, image(r.get("Deployment", "bi-analysis")));
    }

    @Test
    void enablingBlueGreenDoesNotRenameTheServingDeployment() {
        Map<String, Object> before = Helm.env("prod").get("Deployment", "bi-analysis");
        Rendered after = Helm.render("prod", "-f", procedure("blue-green-1-deploy-green.yaml"));
        Map<String, Object> serving = after.get("Deployment", "bi-analysis");
        assertEquals(Maps.at(before, "spec.selector"), Maps.at(serving, "spec.selector"), "same Deployment, same (immutable) selector");
        Map<String, Object> svcSelector = Maps.map(after.get("Service", "bi-analysis"), "spec.selector");
        assertTrue(labelsMatch(svcSelector, podLabels(serving)), "the Service keeps selecting the pods that serve now");
        assertTrue(after.filter(o -> "Deployment".equals(o.get("kind")) && Maps.str(o, "metadata.name").startsWith("bi-analysis")).size() == 2);
    }

    @Test
    void idleTrackUnderHpaHasNoHpaAndItsOwnReplicas() {
        Rendered r = Helm.render("prod", "-f", procedure("blue-green-3-park-blue.yaml"));
        List<String> hpas = r.kind("HorizontalPodAutoscaler").stream().map(h -> Maps.str(h, "spec.scaleTargetRef.name"))
                .filter(n -> n.startsWith("bi-analysis")).toList();
        assertEquals(List.of("bi-analysis-green"), hpas, "only the active track scales");
        assertEquals(0, Maps.at(r.get("Deployment", "bi-analysis"), "spec.replicas"), "the parked blue track");
        assertNull(Maps.at(r.get("Deployment", "bi-analysis-green"), "spec.replicas"), "the HPA owns the active track");
    }

    @Test
    void idleTrackStaysOutOfNacosSoGrpcReachesOnlyTheActiveTrack() {
        Rendered r = Helm.render("prod", "-f", procedure("blue-green-2-switch.yaml"));
        assertEquals("false", env(r.get("Deployment", "bi-analysis"), "BI_NACOS_DISCOVERY"), "idle blue does not register");
        assertNull(env(r.get("Deployment", "bi-analysis-green"), "BI_NACOS_DISCOVERY"), "active green registers");
        assertEquals("green", env(r.get("Deployment", "bi-analysis-green"), "BI_TRACK"));
        assertEquals("bi-tenant:9002", Maps.str(r.get("ConfigMap", "bi-analysis"), "data.BI_PEERS_TENANT_ADDRESS"),
                "the idle track calls its peers at their Service addresses");
    }

    @Test
    void softSpreadingByDefaultWithTheTrackLabel() {
        for (String env : Helm.ENVS) {
            for (Map<String, Object> d : RenderedObjectsTest.ours(Helm.env(env), "Deployment")) {
                Map<String, Object> spec = Maps.map(d, "spec.template.spec");
                assertNull(Maps.at(spec, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"), Maps.str(d, "metadata.name"));
                assertEquals("blue", Maps.str(spec, "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.podAffinityTerm.labelSelector.matchLabels.bi-platform.io/track"));
                assertEquals("blue", Maps.str(spec, "topologySpreadConstraints.0.labelSelector.matchLabels.bi-platform.io/track"));
            }
        }
        Rendered hard = Helm.render("prod", "--set", "bi-sys.podAntiAffinity=hard");
        assertNotNull(Maps.at(hard.get("Deployment", "bi-sys"), "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"), "hard on request");
    }

    @Test
    void cronJobsKeepExplicitZeros() {
        Rendered r = Helm.render("dev", "--set", "bi-cron.jobs.rollup.backoffLimit=0", "--set", "bi-cron.jobs.rollup.failedJobsHistoryLimit=0",
                "--set", "bi-cron.jobs.rollup.suspend=false");
        Map<String, Object> rollup = r.get("CronJob", "bi-cron-rollup");
        assertEquals(0, Maps.at(rollup, "spec.jobTemplate.spec.backoffLimit"));
        assertEquals(0, Maps.at(rollup, "spec.failedJobsHistoryLimit"));
        assertEquals(2, Maps.at(r.get("CronJob", "bi-cron-daily-report"), "spec.jobTemplate.spec.backoffLimit"), "others keep the default");
    }

    @Test
    void nacosBackupKeepsItsArchivesOnAVolumeWhenAsked() {
        assertTrue(Helm.render("dev").kind("PersistentVolumeClaim").isEmpty(), "no claim by default");
        Rendered r = Helm.render("dev", "--set", "bi-cron.backup.persistence.enabled=true");
        Map<String, Object> claim = r.get("PersistentVolumeClaim", "bi-cron-backups");
        assertEquals("1Gi", Maps.str(claim, "spec.resources.requests.storage"));
        Map<String, Object> pod = Maps.map(r.get("CronJob", "bi-cron-nacos-backup"), "spec.jobTemplate.spec.template.spec");
        assertTrue(Maps.list(pod, "volumes").stream().anyMatch(v -> "bi-cron-backups".equals(Maps.str(v, "persistentVolumeClaim.claimName"))));
        Map<String, Object> container = Maps.list(pod, "containers").getFirst();
        assertTrue(Maps.list(container, "volumeMounts").stream().anyMatch(m -> "/var/lib/bi-cron/backups".equals(m.get("mountPath"))));
        assertTrue(Maps.list(container, "env").stream().anyMatch(e -> "BI_CRON_BACKUP_DIR".equals(e.get("name"))
                && "/var/lib/bi-cron/backups".equals(e.get("value"))), "the job writes where the volume is");
        Map<String, Object> rollup = Maps.map(r.get("CronJob", "bi-cron-rollup"), "spec.jobTemplate.spec.template.spec");
        assertTrue(Maps.list(rollup, "volumes").stream().noneMatch(v -> "backups".equals(v.get("name"))), "only nacos-backup mounts it");

        Rendered existing = Helm.render("dev", "--set", "bi-cron.backup.persistence.enabled=true",
                "--set", "bi-cron.backup.persistence.existingClaim=ops-nacos-archives");
        assertTrue(existing.kind("PersistentVolumeClaim").isEmpty(), "an existing claim is used, not rendered");
        assertTrue(Maps.list(Maps.map(existing.get("CronJob", "bi-cron-nacos-backup"), "spec.jobTemplate.spec.template.spec"), "volumes")
                .stream().anyMatch(v -> "ops-nacos-archives".equals(Maps.str(v, "persistentVolumeClaim.claimName"))));
    }

    @Test
    void hpaScalesOnSignalsThatFallWithLoad() {
        for (Map<String, Object> h : Helm.env("prod").kind("HorizontalPodAutoscaler")) {
            List<Map<String, Object>> metrics = Maps.list(h, "spec.metrics");
            assertTrue(metrics.stream().noneMatch(m -> "memory".equals(Maps.str(m, "resource.name"))), Maps.str(h, "metadata.name") + ": no memory target with -Xms = -Xmx");
            assertTrue(metrics.stream().anyMatch(m -> "cpu".equals(Maps.str(m, "resource.name"))));
        }
    }

    @Test
    void kubeVersionCoversPreStopSleep() {
        // lifecycle.preStop.sleep (PodLifecycleSleepAction) is on by default from Kubernetes 1.30
        Helm.Result old = Helm.template(Helm.envArgs("dev", "--kube-version", "1.29.9"));
        assertNotEquals(0, old.exitCode());
        assertTrue(old.stderr().contains("kubeVersion"), old.stderr());
        assertEquals(0, Helm.template(Helm.envArgs("dev", "--kube-version", "1.30.0")).exitCode());
    }

    @Test
    void releaseNameIsNotHardWired() {
        Helm.Result other = Helm.template("analytics", Helm.envArgs("prod"));
        assertEquals(0, other.exitCode(), other.stderr());
        Rendered r = Rendered.parse(other.stdout());
        Map<String, Object> gw = r.filter(o -> "Deployment".equals(o.get("kind")) && "analytics-apisix".equals(Maps.str(o, "metadata.name"))).get(0);
        String mounted = Maps.list(gw, "spec.template.spec.volumes").stream().filter(v -> "apisix-admin".equals(v.get("name")))
                .map(v -> Maps.str(v, "configMap.name")).findFirst().orElseThrow();
        assertTrue(Maps.str(r.get("ConfigMap", mounted), "data.apisix.yaml").contains("routes:"), "release analytics mounts its own routes");
        assertEquals("analytics", Maps.str(r.get("ServiceMonitor", "bi-sys"), "metadata.labels.release"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void helmTestPodsCarryNoWorkloadSelectorLabels(String env) {
        Rendered r = Helm.env(env);
        List<Map<String, Object>> selectors = new ArrayList<>();
        r.kind("Service").forEach(s -> selectors.add(Maps.map(s, "spec.selector")));
        r.kind("PodDisruptionBudget").forEach(p -> selectors.add(Maps.map(p, "spec.selector.matchLabels")));
        r.kind("Deployment").forEach(d -> selectors.add(Maps.map(d, "spec.selector.matchLabels")));
        r.kind("NetworkPolicy").forEach(n -> selectors.add(Maps.map(n, "spec.podSelector.matchLabels")));
        for (Map<String, Object> pod : r.kind("Pod")) {
            for (Map<String, Object> sel : selectors) {
                assertFalse(labelsMatch(sel, Maps.map(pod, "metadata.labels")), Maps.str(pod, "metadata.name") + " selected by " + sel);
            }
        }
        if (env.equals("dev")) {
            Rendered mirror = Helm.render(env, "--set", "global.registry=mirror.internal:5000", "--set", "apisix.image.repository=mirror.internal:5000/apache/apisix");
            assertEquals("mirror.internal:5000/library/busybox:1.37.0", Maps.str(mirror.get("Pod", "bi-sys-test-health"), "spec.containers.0.image"),
                    "the test image comes through the registry");
        }
    }

    @Test
    void dashboardUidsAreUniquePerEnvironment() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        int dashboards = 0;
        for (Rendered r : List.of(Helm.env("dev"), Helm.env("test"), Helm.env("prod"))) {
            for (Map<String, Object> cm : r.filter(o -> "ConfigMap".equals(o.get("kind")) && "1".equals(Maps.str(o, "metadata.labels.grafana_dashboard")))) {
                for (Object json : Maps.map(cm, "data").values()) {
                    Map<?, ?> d = StrictKube.MAPPER.readValue(json.toString(), Map.class);
                    String uid = String.valueOf(d.get("uid"));
                    assertTrue(uid.length() <= 40, "Grafana uids are at most 40 characters: " + uid);
                    assertTrue(uids.add(uid), "uid " + uid + " collides");
                    assertTrue(titles.add(String.valueOf(d.get("title"))), "title " + d.get("title") + " collides in the folder");
                    dashboards++;
                }
            }
        }
        assertEquals(9, dashboards);
    }

    @Test
    void folderAnnotationIsHonouredByTheBundledGrafana() {
        Rendered r = Helm.envWithStack("prod");
        Map<String, Object> grafana = r.filter(o -> "Deployment".equals(o.get("kind")) && "grafana".equals(Maps.str(o, "metadata.labels.app.kubernetes.io/name"))).get(0);
        Map<String, Object> sidecar = Maps.list(grafana, "spec.template.spec.containers").stream()
                .filter(c -> "grafana-sc-dashboard".equals(c.get("name"))).findFirst().orElseThrow();
        assertEquals("grafana_folder", Maps.list(sidecar, "env").stream().filter(e -> "FOLDER_ANNOTATION".equals(e.get("name")))
                .map(e -> e.get("value")).findFirst().orElse(null), "the sidecar reads the folder annotation");
        String provider = r.filter(o -> "ConfigMap".equals(o.get("kind")) && Maps.str(o, "metadata.name").endsWith("grafana-config-dashboards")).get(0).toString();
        assertTrue(provider.contains("foldersFromFilesStructure: true"), provider);
        Map<String, Object> dashboard = r.filter(o -> "ConfigMap".equals(o.get("kind")) && "1".equals(Maps.str(o, "metadata.labels.grafana_dashboard"))
                && "bi-platform".equals(Maps.str(o, "metadata.labels.app.kubernetes.io/part-of"))).get(0);
        assertEquals("bi-platform", Maps.str(dashboard, "metadata.annotations.grafana_folder"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void observeEndpointsAreNotRoutedThroughTheGateway(String env) {
        Map<String, Object> doc = GatewayTest.apisix(Helm.env(env));
        for (String path : List.of("/observe/health/ready", "/observe/metrics", "/observe")) {
            for (Map<String, Object> route : Maps.list(doc, "routes")) {
                boolean uriMatches = ((List<?>) route.get("uris")).stream().map(String::valueOf)
                        .anyMatch(u -> u.endsWith("*") ? path.startsWith(u.substring(0, u.length() - 1)) : path.equals(u));
                if (uriMatches) {
                    assertTrue(excludedByVars(route.get("vars"), path), "route " + route.get("id") + " serves " + path);
                }
            }
        }
    }

    /** APISIX vars: every expression must hold; ["uri", "!", "~~", re] holds when the uri does not match re. */
    static boolean excludedByVars(Object vars, String uri) {
        if (!(vars instanceof List<?> exprs)) {
            return false;
        }
        for (Object e : exprs) {
            if (e instanceof List<?> x && x.size() == 4 && "uri".equals(x.get(0)) && "!".equals(x.get(1)) && "~~".equals(x.get(2))
                    && Pattern.compile(String.valueOf(x.get(3))).matcher(uri).find()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void withTheBundledStackOnlyTheNodeExporterNeedsMoreThanRestricted() {
        Rendered r = Helm.envWithStack("prod");
        Set<String> failing = new TreeSet<>();
        for (Map<String, Object> o : r.objects) {
            for (Map<String, Object> spec : Pss.podSpecs(o)) {
                if (!Pss.restrictedViolations(spec, podAnnotations(o)).isEmpty()) {
                    failing.add(o.get("kind") + "/" + Maps.str(o, "metadata.name") + " " + Pss.restrictedViolations(spec, podAnnotations(o)));
                }
            }
        }
        assertEquals(1, failing.size(), String.join("\n", failing));
        assertTrue(failing.iterator().next().startsWith("DaemonSet/bi-platform-prometheus-node-exporter"), failing.toString());
    }

    // ---- item 5 and issue 12 #13 -------------------------------------------------------------------------

    @Test
    void operatorExtensionsReachThePods() {
        Rendered r = Helm.render("prod", "-f", Helm.SOURCE.resolve("tests/extensions-values.yaml").toString());
        r.objects.forEach(StrictKube::validate);
        Map<String, Object> d = r.get("Deployment", "bi-sys");
        Map<String, Object> pod = Maps.map(d, "spec.template.spec");
        Map<String, Object> ctr = Maps.list(pod, "containers").get(0);
        assertEquals(15, Maps.at(d, "spec.minReadySeconds"));
        assertEquals(900, Maps.at(d, "spec.progressDeadlineSeconds"));
        assertEquals("debug", env(d, "BI_LOG_LEVEL"));
        assertTrue(Maps.list(ctr, "env").stream().anyMatch(e -> "bi-sys-smtp".equals(Maps.str(e, "valueFrom.secretKeyRef.name"))), "extraEnv valueFrom");
        assertTrue(Maps.list(ctr, "envFrom").stream().anyMatch(e -> "bi-sys-extra".equals(Maps.str(e, "configMapRef.name"))));
        assertTrue(Maps.list(ctr, "volumeMounts").stream().anyMatch(m -> "/etc/bi/pg-ca".equals(m.get("mountPath"))));
        assertTrue(Maps.list(pod, "volumes").stream().anyMatch(v -> "pg-ca-bundle".equals(Maps.str(v, "configMap.name"))));
        assertEquals("wait-db", Maps.str(pod, "initContainers.0.name"));
        assertEquals(List.of("bi-sys", "log-shipper"), Maps.list(pod, "containers").stream().map(c -> c.get("name")).toList());
        assertEquals("OnRootMismatch", Maps.str(pod, "securityContext.fsGroupChangePolicy"));
        assertEquals(10002, Maps.at(ctr, "securityContext.runAsUser"), "container override merged");
        assertEquals(false, Maps.at(ctr, "securityContext.allowPrivilegeEscalation"), "restricted defaults kept");
        assertTrue(Pss.restrictedViolations(pod, Map.of()).isEmpty(), Pss.restrictedViolations(pod, Map.of()).toString());
        for (Map<String, Object> o : RenderedObjectsTest.ours(r, "Deployment")) {
            assertEquals("bi-42", Maps.str(o, "metadata.labels.cost-center"));
            assertEquals("bi-42", Maps.str(o, "spec.template.metadata.labels.cost-center"));
            assertEquals("bi-ops", Maps.str(o, "metadata.annotations.owner"));
            assertEquals("bi-ops", Maps.str(o, "spec.template.metadata.annotations.owner"));
        }
        Map<String, Object> sm = r.get("ServiceMonitor", "bi-sys");
        assertEquals("bi", Maps.str(sm, "metadata.labels.team"));
        assertEquals("track", Maps.str(sm, "spec.endpoints.0.relabelings.0.targetLabel"), "the pod's track comes first");
        assertEquals("node", Maps.str(sm, "spec.endpoints.0.relabelings.1.targetLabel"), "then the operator's relabelings");
        assertEquals("drop", Maps.str(sm, "spec.endpoints.0.metricRelabelings.0.action"));
        Map<String, Object> config = Maps.map(r.get("ConfigMap", "bi-api-leke"), "data");
        assertEquals("kafka-0.kafka.bi-infra.svc:9092,kafka-1.kafka.bi-infra.svc:9092", config.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("http://otel-collector.bi-infra.svc:4317", config.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("bi-analysis:9006", config.get("BI_PEERS_ANALYSIS_ADDRESS"), "peer addresses for installs without Nacos");
        Map<String, Object> cron = r.get("CronJob", "bi-cron-retention");
        Map<String, Object> cronPod = Maps.map(cron, "spec.jobTemplate.spec.template.spec");
        assertEquals("bi-batch", cronPod.get("priorityClassName"));
        assertEquals("batch", Maps.str(cronPod, "tolerations.0.value"));
        assertNotNull(Maps.at(cronPod, "affinity.nodeAffinity"));
        assertEquals(0, Maps.at(cron, "spec.jobTemplate.spec.backoffLimit"));
        assertEquals(0, Maps.at(cron, "spec.successfulJobsHistoryLimit"));
        assertEquals("arn:aws:iam::123456789012:role/bi-cron", Maps.str(r.get("ServiceAccount", "bi-cron"), "metadata.annotations.eks.amazonaws.com/role-arn"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceGetsOnlyItsOwnSecretKeys(String env) {
        Rendered r = Helm.env(env);
        Set<String> sealing = Set.of("bi-api-jushuitan", "bi-api-leke", "bi-notify"); // they seal credentials (SecretBox)
        List<Map<String, Object>> workloads = new ArrayList<>(RenderedObjectsTest.ours(r, "Deployment"));
        workloads.addAll(r.kind("CronJob"));
        for (Map<String, Object> w : workloads) {
            String name = Maps.str(w, "metadata.labels.app.kubernetes.io/name");
            Map<String, Object> spec = Pss.podSpecs(w).get(0);
            Map<String, Object> ctr = Maps.list(spec, "containers").get(0);
            assertTrue(Maps.list(ctr, "envFrom").stream().noneMatch(e -> "bi-platform-secrets".equals(Maps.str(e, "secretRef.name"))),
                    name + " must not read the shared Secret whole");
            Map<String, String> keys = new LinkedHashMap<>();
            for (Map<String, Object> e : Maps.list(ctr, "env")) {
                if ("bi-platform-secrets".equals(Maps.str(e, "valueFrom.secretKeyRef.name"))) {
                    keys.put((String) e.get("name"), Maps.str(e, "valueFrom.secretKeyRef.key"));
                }
            }
            Set<String> want = new TreeSet<>(List.of("BI_JWT_SECRET", "BI_JWT_SECRET_PREVIOUS", "BI_RATELIMIT_REDIS_URL", "BI_DB_PASSWORD", "NACOS_PASSWORD"));
            if (sealing.contains(name)) {
                want.addAll(List.of("BI_CRYPTO_KEY", "BI_CRYPTO_KEY_PREVIOUS"));
            }
            if (name.equals("bi-sys")) {
                want.addAll(List.of("BI_BOOTSTRAP_ADMIN_PASSWORD", "BI_JWT_GATEWAY_KEY"));
            }
            assertEquals(want, new TreeSet<>(keys.keySet()), name);
            assertEquals("BI_DB_PASSWORD_" + name.toUpperCase().replace('-', '_'), keys.get("BI_DB_PASSWORD"), name + ": its own database password");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static String procedure(String file) {
        return Helm.SOURCE.resolve("procedures/" + file).toString();
    }

    static Map<String, Object> apisixDeployment(Rendered r) {
        return r.filter(o -> "Deployment".equals(o.get("kind")) && "apisix".equals(Maps.str(o, "metadata.labels.app.kubernetes.io/name"))).get(0);
    }

    static String image(Map<String, Object> deployment) {
        return Maps.str(deployment, "spec.template.spec.containers.0.image");
    }

    static String env(Map<String, Object> deployment, String name) {
        return Maps.list(deployment, "spec.template.spec.containers.0.env").stream().filter(e -> name.equals(e.get("name")))
                .map(e -> e.get("value") == null ? null : e.get("value").toString()).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podLabels(Map<String, Object> workload) {
        Object labels = "CronJob".equals(workload.get("kind")) ? Maps.at(workload, "spec.jobTemplate.spec.template.metadata.labels")
                : "Pod".equals(workload.get("kind")) ? Maps.at(workload, "metadata.labels") : Maps.at(workload, "spec.template.metadata.labels");
        return labels == null ? Map.of() : (Map<String, Object>) labels;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> podAnnotations(Map<String, Object> workload) {
        Object a = "Pod".equals(workload.get("kind")) ? Maps.at(workload, "metadata.annotations") : Maps.at(workload, "spec.template.metadata.annotations");
        return a == null ? Map.of() : (Map<String, Object>) a;
    }

    static boolean labelsMatch(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
    }

    static int replicas(Rendered r, Map<String, Object> workload) {
        String name = Maps.str(workload, "metadata.name");
        for (Map<String, Object> h : r.kind("HorizontalPodAutoscaler")) {
            if (name.equals(Maps.str(h, "spec.scaleTargetRef.name"))) {
                return (Integer) Maps.at(h, "spec.minReplicas");
            }
        }
        Object replicas = Maps.at(workload, "spec.replicas");
        return replicas == null ? 1 : (Integer) replicas;
    }

    /** Disruptions a PDB allows with all pods healthy, computed as the disruption controller does (percentages round up). */
    static int allowedDisruptions(Map<String, Object> pdb, int replicas) {
        Object max = Maps.at(pdb, "spec.maxUnavailable");
        Object min = Maps.at(pdb, "spec.minAvailable");
        if (max != null) {
            return Math.min(replicas, scaled(max, replicas));
        }
        return replicas - scaled(min, replicas);
    }

    static int scaled(Object value, int replicas) {
        String s = String.valueOf(value);
        if (s.endsWith("%")) {
            return (int) Math.ceil(Integer.parseInt(s.substring(0, s.length() - 1)) * replicas / 100.0);
        }
        return Integer.parseInt(s);
    }

    static Set<String> callersAdmitted(Map<String, Object> np) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> rule : Maps.list(np, "spec.ingress")) {
            if (!"grpc".equals(Maps.str(rule, "ports.0.port"))) {
                continue;
            }
            for (Map<String, Object> from : Maps.list(rule, "from")) {
                out.add(Maps.str(from, "podSelector.matchLabels.app.kubernetes.io/name"));
            }
        }
        return out;
    }

    /** What a module's code calls: Catalog peers it opens channels to, bi-analysis through OrderSinks, bi-tenant through the platform. */
    static Set<String> codeCalls(String service, Path sources) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        String code = all.toString();
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("peers\\(\\)\\s*\\.channel\\(\\s*Catalog\\.(BI_[A-Z_]+)").matcher(code);
        while (m.find()) {
            out.add(m.group(1).toLowerCase().replace('_', '-'));
        }
        if (code.contains("OrderSinks.create(")) {
            out.add("bi-analysis");
        }
        // the platform's TenantGuard calls bi-tenant unless the service declares its own guard in its wiring and never
        // asks platform.tenants()
        boolean localGuard = code.contains(".tenantGuard((caller");
        if (!localGuard || code.contains("platform.tenants()")) {
            out.add("bi-tenant");
        }
        out.remove(service);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> o) {
        return Rendered.YAML.readValue(Rendered.YAML.writeValueAsString(o), LinkedHashMap.class);
    }
}
