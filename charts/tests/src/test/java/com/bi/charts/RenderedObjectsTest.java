package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Assertions on the objects helm template renders for dev, test and prod (with the matching gateway overlay). */
class RenderedObjectsTest {

    /** Every object of the whole umbrella, APISIX's and kube-prometheus-stack's included, against the API types / CRD schemas. */
    @ParameterizedTest
    @CsvSource({"dev,false", "test,false", "prod,false", "dev,true", "test,true", "prod,true"})
    void everyObjectIsAValidKubernetesObject(String env, boolean stack) {
        Rendered rendered = stack ? Helm.envWithStack(env) : Helm.env(env);
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> o : rendered.objects) {
            try {
                StrictKube.validate(o);
            } catch (RuntimeException | AssertionError e) {
                errors.add(o.get("kind") + "/" + Maps.str(o, "metadata.name") + ": " + e.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        assertTrue(rendered.objects.size() > (stack ? 200 : 100), "expected the whole platform, got " + rendered.objects.size());
        assertEquals(1, rendered.filter(o -> "Deployment".equals(o.get("kind")) && "apisix".equals(Maps.str(o, "metadata.labels.app.kubernetes.io/name"))).size(),
                "the APISIX subchart is rendered");
        assertEquals(stack, !rendered.kind("Prometheus").isEmpty(), "kube-prometheus-stack rendered only when enabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void servicesMatchTheCatalogPorts(String env) {
        Rendered r = Helm.env(env);
        String expectedType = env.equals("dev") ? "NodePort" : "ClusterIP";
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> svc = r.get("Service", c.name());
            assertEquals(expectedType, Maps.str(svc, "spec.type"), c.name());
            assertEquals(c.http(), Maps.at(svc, "spec.ports.0.port"), c.name() + " http");
            assertEquals("http", Maps.str(svc, "spec.ports.0.name"));
            assertEquals("http", Maps.str(svc, "spec.ports.0.appProtocol"));
            assertEquals(c.grpc(), Maps.at(svc, "spec.ports.1.port"), c.name() + " grpc");
            assertEquals("grpc", Maps.str(svc, "spec.ports.1.appProtocol"));
            Map<String, Object> ctr = container(r.get("Deployment", c.name()));
            assertEquals(c.http(), Maps.at(ctr, "ports.0.containerPort"));
            assertEquals(c.grpc(), Maps.at(ctr, "ports.1.containerPort"));
        }
        assertEquals(Catalog.SERVICES.size(), ours(r, "Deployment").size(), "one Deployment per long-running service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void probesHitTheHealthEndpoints(String env) {
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> ctr = container(Helm.env(env).get("Deployment", c.name()));
            assertEquals("/observe/health/started", Maps.str(ctr, "startupProbe.httpGet.path"), c.name());
            assertEquals("/observe/health/ready", Maps.str(ctr, "readinessProbe.httpGet.path"), c.name());
            assertEquals("/observe/health/live", Maps.str(ctr, "livenessProbe.httpGet.path"), c.name());
            assertEquals("http", Maps.str(ctr, "readinessProbe.httpGet.port"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void resourcesAndHeapDerivedFromTheLimit(String env) {
        Rendered r = Helm.env(env);
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> ctr = container(r.get("Deployment", c.name()));
            String limit = Maps.str(ctr, "resources.limits.memory");
            assertNotNull(limit, c.name() + " memory limit");
            assertNotNull(Maps.str(ctr, "resources.requests.cpu"), c.name() + " cpu request");
            String opts = Maps.str(r.get("ConfigMap", c.name()), "data.JAVA_TOOL_OPTIONS");
            Matcher m = Pattern.compile("-Xmx(\\d+)m").matcher(opts);
            assertTrue(m.find(), opts);
            long heap = Long.parseLong(m.group(1));
            long limitMiB = limit.endsWith("Gi") ? Long.parseLong(limit.replace("Gi", "")) * 1024 : Long.parseLong(limit.replace("Mi", ""));
            assertTrue(heap >= limitMiB * 40 / 100 && heap <= limitMiB * 80 / 100, c.name() + ": heap " + heap + "m for limit " + limit);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void ownPodsAreHardenedBeyondTheStandard(String env) {
        Rendered r = Helm.env(env);
        List<Map<String, Object>> podSpecs = new ArrayList<>();
        ours(r, "Deployment").forEach(d -> podSpecs.add(Maps.map(d, "spec.template.spec")));
        r.kind("CronJob").forEach(c -> podSpecs.add(Maps.map(c, "spec.jobTemplate.spec.template.spec")));
        r.kind("Pod").forEach(p -> podSpecs.add(Maps.map(p, "spec")));
        assertEquals(Catalog.SERVICES.size() + Catalog.CRON_JOBS.size() + Catalog.SERVICES.size(), podSpecs.size(), "services, CronJobs, helm test pods");
        for (Map<String, Object> spec : podSpecs) {
            assertEquals(10001, Maps.at(spec, "securityContext.runAsUser"));
            assertEquals(false, Maps.at(spec, "automountServiceAccountToken"));
            for (Map<String, Object> ctr : Maps.list(spec, "containers")) {
                assertEquals(true, Maps.at(ctr, "securityContext.readOnlyRootFilesystem"));
                assertNotNull(Maps.at(ctr, "resources.limits.memory"));
            }
        }
        for (Map<String, Object> d : ours(r, "Deployment")) {
            Map<String, Object> ctr = container(d);
            assertTrue(Maps.list(ctr, "volumeMounts").stream().anyMatch(v -> "/tmp".equals(v.get("mountPath"))), "writable /tmp");
            assertEquals(false, Maps.at(r.get("ServiceAccount", Maps.str(d, "metadata.name")), "automountServiceAccountToken"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void imagesArePinned(String env) {
        // prod: every image by digest (the release's digests file)
        String pin = env.equals("prod") ? "@sha256:[0-9a-f]{64}" : "";
        for (Map<String, Object> d : ours(Helm.env(env), "Deployment")) {
            String name = Maps.str(d, "metadata.name");
            assertTrue(Maps.str(container(d), "image").matches("registry\\.example\\.com/bi/" + name + ":1\\.4\\.0-0a1b2c3" + pin), Maps.str(container(d), "image"));
        }
        for (Map<String, Object> c : Helm.env(env).kind("CronJob")) {
            String image = Maps.str(c, "spec.jobTemplate.spec.template.spec.containers.0.image");
            assertTrue(image.matches("registry\\.example\\.com/bi/bi-cron:1\\.4\\.0-0a1b2c3" + pin), image);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void deploymentsRollSafely(String env) {
        Rendered r = Helm.env(env);
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> d = r.get("Deployment", c.name());
            assertEquals("RollingUpdate", Maps.str(d, "spec.strategy.type"));
            assertEquals(0, Maps.at(d, "spec.strategy.rollingUpdate.maxUnavailable"));
            Map<String, Object> pod = Maps.map(d, "spec.template.spec");
            int grace = (Integer) pod.get("terminationGracePeriodSeconds");
            int preStop = (Integer) Maps.at(container(d), "lifecycle.preStop.sleep.seconds");
            assertTrue(preStop > 0 && grace > preStop, c.name() + " drains: preStop " + preStop + " < grace " + grace);
            assertTrue(Maps.str(d, "spec.template.metadata.annotations.checksum/config").matches("[0-9a-f]{64}"));
            assertNotNull(Maps.at(pod, "topologySpreadConstraints"));
            assertNotNull(Maps.at(pod, "affinity.podAntiAffinity"));
            List<Map<String, Object>> envFrom = Maps.list(container(d), "envFrom");
            assertEquals(c.name(), Maps.str(envFrom.get(0), "configMapRef.name"));
            assertEquals(1, envFrom.size(), "the shared Secret is never read whole");
            Map<String, Object> data = Maps.map(r.get("ConfigMap", c.name()), "data");
            assertEquals(env, data.get("DEPLOY_ENV"));
            for (String k : List.of("NACOS_SERVER_ADDR", "NACOS_NAMESPACE", "NACOS_GROUP", "BI_DB_URL")) {
                assertNotNull(data.get(k), c.name() + " " + k);
            }
            assertFalse(data.containsKey("BI_JWT_SECRET"), "secrets never go to ConfigMaps");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void availabilityPerEnvironment(String env) {
        Rendered r = Helm.env(env);
        if (env.equals("prod")) {
            assertEquals(Catalog.SERVICES.size() + 1, r.kind("PodDisruptionBudget").size(), "every service and the gateway");
            assertEquals(Catalog.SERVICES.size(), r.kind("HorizontalPodAutoscaler").size());
            for (Map<String, Object> h : r.kind("HorizontalPodAutoscaler")) {
                assertTrue((Integer) Maps.at(h, "spec.minReplicas") >= 2, Maps.str(h, "metadata.name"));
                assertEquals("autoscaling/v2", h.get("apiVersion"));
                assertEquals(Maps.str(h, "metadata.name"), Maps.str(h, "spec.scaleTargetRef.name"));
            }
            for (Map<String, Object> d : ours(r, "Deployment")) {
                assertNotNull(Maps.at(d, "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"));
                assertEquals(null, Maps.at(d, "spec.replicas"), "HPA owns replicas in prod");
            }
        } else {
            assertTrue(ours(r, "PodDisruptionBudget").isEmpty());
            assertTrue(r.kind("HorizontalPodAutoscaler").isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void networkPoliciesAdmitOnlyGatewayPrometheusTestsAndPeers(String env) {
        Rendered r = Helm.env(env);
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> np = r.get("NetworkPolicy", c.name());
            assertEquals(List.of("Ingress", "Egress"), Maps.at(np, "spec.policyTypes"));
            List<Map<String, Object>> rules = Maps.list(np, "spec.ingress");
            assertEquals("apisix", Maps.str(rules.get(0), "from.0.podSelector.matchLabels.app.kubernetes.io/name"));
            assertEquals("prometheus", Maps.str(rules.get(1), "from.0.podSelector.matchLabels.app.kubernetes.io/name"));
            assertEquals("helm-test", Maps.str(rules.get(2), "from.0.podSelector.matchLabels.bi-platform.io/role"));
        }
        List<Map<String, Object>> analysis = Maps.list(r.get("NetworkPolicy", "bi-analysis"), "spec.ingress");
        List<Object> peers = Maps.list(analysis.getLast(), "from").stream().map(f -> Maps.at(f, "podSelector.matchLabels.app.kubernetes.io/name")).toList();
        assertTrue(peers.containsAll(List.of("bi-server", "bi-chat", "bi-cron", "bi-api-jushuitan", "bi-api-leke")), peers.toString());
        assertEquals(env.equals("dev") ? 4 : 3, Maps.list(r.get("NetworkPolicy", "bi-server"), "spec.ingress").size(),
                "bi-server has no peers calling it (dev: plus the NodePort clients)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void helmTestPodsCheckEveryServiceThroughItsService(String env) {
        List<Map<String, Object>> pods = Helm.env(env).kind("Pod");
        assertEquals(Catalog.SERVICES.size(), pods.size());
        for (Catalog c : Catalog.SERVICES) {
            Map<String, Object> p = Helm.env(env).get("Pod", c.name() + "-test-health");
            assertEquals("test", Maps.str(p, "metadata.annotations.helm.sh/hook"));
            assertEquals("Never", Maps.str(p, "spec.restartPolicy"));
            String script = String.valueOf(Maps.at(p, "spec.containers.0.args.0"));
            assertTrue(script.contains("http://" + c.name() + ":" + c.http() + "$path"), script);
            assertTrue(script.contains("/observe/health/ready"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void cronJobsRunEachJobByName(String env) {
        Rendered r = Helm.env(env);
        assertEquals(6, r.kind("CronJob").size());
        for (String job : Catalog.CRON_JOBS) {
            Map<String, Object> cj = r.get("CronJob", "bi-cron-" + job);
            assertEquals("Forbid", Maps.str(cj, "spec.concurrencyPolicy"));
            assertEquals("Asia/Shanghai", Maps.str(cj, "spec.timeZone"));
            assertNotNull(Maps.at(cj, "spec.schedule"));
            assertNotNull(Maps.at(cj, "spec.startingDeadlineSeconds"));
            assertNotNull(Maps.at(cj, "spec.successfulJobsHistoryLimit"));
            assertNotNull(Maps.at(cj, "spec.failedJobsHistoryLimit"));
            assertNotNull(Maps.at(cj, "spec.jobTemplate.spec.activeDeadlineSeconds"));
            assertNotNull(Maps.at(cj, "spec.jobTemplate.spec.backoffLimit"));
            Map<String, Object> ctr = Maps.map(cj, "spec.jobTemplate.spec.template.spec.containers.0");
            assertEquals(List.of(job), ctr.get("args"));
            assertNotNull(Maps.at(ctr, "resources.limits.memory"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void monitoringObjectsAreLabelledForKubePrometheusStack(String env) {
        Rendered r = Helm.env(env);
        assertEquals(Catalog.SERVICES.size() + 1, r.kind("ServiceMonitor").size(), "every service and the gateway");
        for (Map<String, Object> sm : r.kind("ServiceMonitor")) {
            assertEquals("bi-platform", Maps.str(sm, "metadata.labels.release"));
            boolean gateway = "bi-platform-apisix".equals(Maps.str(sm, "metadata.name"));
            assertEquals(gateway ? "/apisix/prometheus/metrics" : "/observe/metrics", Maps.str(sm, "spec.endpoints.0.path"));
            assertEquals(gateway ? "prometheus" : "http", Maps.str(sm, "spec.endpoints.0.port"));
        }
        List<Map<String, Object>> rules = r.kind("PrometheusRule");
        assertEquals(Catalog.SERVICES.size() + 1 + 1, rules.size(), "per service, bi-cron and gateway");
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> pr : rules) {
            assertEquals("bi-platform", Maps.str(pr, "metadata.labels.release"));
            for (Map<String, Object> g : Maps.list(pr, "spec.groups")) {
                for (Map<String, Object> rule : Maps.list(g, "rules")) {
                    alerts.add(String.valueOf(rule.get("alert")));
                    String runbook = Maps.str(rule, "annotations.runbook");
                    assertTrue(runbook != null && runbook.length() > 80, rule.get("alert") + " needs runbook text");
                    assertNotNull(Maps.at(rule, "labels.severity"));
                }
            }
        }
        for (String a : List.of("BiServiceHighErrorRatio", "BiServiceHighLatencyP95", "BiServiceHighLatencyP99",
                "BiServicePodRestarts", "BiGatewayRateLimited", "BiCronJobFailed", "BiCronJobNotSucceeding", "BiCronRunFailed",
                "BiWorkerDown", "BiTenantUnverifiedDecisions", "BiJushuitanQuarantinedOrders", "BiJushuitanUnreadableCredentials",
                "BiAnalysisRollupFailed")) {
            assertTrue(alerts.contains(a), a);
        }
        assertEquals(!env.equals("dev"), alerts.contains("BiGatewayWafRejections"), "WAF alert only where the WAF is on");
        List<Map<String, Object>> dashboards = r.filter(o -> "ConfigMap".equals(o.get("kind")) && "1".equals(Maps.str(o, "metadata.labels.grafana_dashboard")));
        assertEquals(3, dashboards.size());
        for (Map<String, Object> d : dashboards) {
            for (Object json : Maps.map(d, "data").values()) {
                Map<?, ?> parsed = StrictKube.MAPPER.readValue(json.toString(), Map.class);
                assertFalse(((List<?>) parsed.get("panels")).isEmpty());
            }
        }
    }

    /** The platform's own objects (bi-* charts and the umbrella), not the upstream charts'. */
    static List<Map<String, Object>> ours(Rendered r, String kind) {
        return r.filter(o -> kind.equals(o.get("kind")) && "bi-platform".equals(Maps.str(o, "metadata.labels.app.kubernetes.io/part-of")));
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> ctrs = Maps.list(deployment, "spec.template.spec.containers");
        if (ctrs.size() != 1) {
            fail("one container expected in " + Maps.str(deployment, "metadata.name"));
        }
        return ctrs.get(0);
    }
}
