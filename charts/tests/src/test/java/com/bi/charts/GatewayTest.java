package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The APISIX standalone file the umbrella renders, and the gateway overlays. */
class GatewayTest {

    static String apisixYaml(Rendered r) {
        return Maps.str(r.get("ConfigMap", "bi-platform-apisix-standalone"), "data.apisix.yaml");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apisix(Rendered r) {
        return Rendered.YAML.readValue(apisixYaml(r), LinkedHashMap.class);
    }

    static Map<String, Object> route(Map<String, Object> doc, String id) {
        return Maps.list(doc, "routes").stream().filter(r -> id.equals(r.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void routesForEveryServiceEndingWithEnd(String env) {
        Rendered r = Helm.env(env);
        String text = apisixYaml(r);
        assertTrue(text.stripTrailing().endsWith("#END"), "apisix.yaml must end with #END");
        Map<String, Object> doc = apisix(r);
        List<Map<String, Object>> routes = Maps.list(doc, "routes");
        for (Catalog c : Catalog.SERVICES) {
            assertTrue(routes.stream().anyMatch(rt -> c.name().equals(rt.get("upstream_id"))
                            && ((List<?>) rt.get("uris")).contains(c.prefix() + "*")),
                    "route for " + c.prefix() + " -> " + c.name());
            Map<String, Object> up = Maps.list(doc, "upstreams").stream().filter(u -> c.name().equals(u.get("id"))).findFirst().orElseThrow();
            assertEquals(c.name() + ".bi.svc.cluster.local", Maps.str(up, "nodes.0.host"));
            assertEquals(c.http(), Maps.at(up, "nodes.0.port"));
        }
        assertTrue(routes.stream().anyMatch(rt -> ((List<?>) rt.get("uris")).contains("/*") && "bi-server".equals(rt.get("upstream_id"))), "console at /");
        assertEquals(true, Maps.at(doc, "global_rules.0.plugins.prometheus.prefer_name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void pluginsPerRoute(String env) {
        Map<String, Object> doc = apisix(Helm.env(env));
        Map<String, Object> login = route(doc, "sys-login");
        assertEquals(List.of("/api/sys/v1/auth/login"), login.get("uris"));
        assertNull(Maps.at(login, "plugins.jwt-auth"), "login is public");
        assertEquals("remote_addr", Maps.str(login, "plugins.limit-count.key"), "login limited per client IP");
        assertEquals("remote_addr", Maps.str(login, "plugins.limit-req.key"));
        assertTrue((Integer) login.get("priority") > (Integer) route(doc, "sys-api").get("priority"));

        Map<String, Object> webhook = route(doc, "leke-webhook");
        assertNull(Maps.at(webhook, "plugins.jwt-auth"), "leke webhook is HMAC-signed, not JWT");
        assertNull(Maps.at(webhook, "plugins.multi-auth"));
        assertEquals(List.of("POST"), webhook.get("methods"));

        Map<String, Object> server = route(doc, "server-api");
        assertEquals("iss", Maps.str(server, "plugins.jwt-auth.key_claim_name"));
        assertEquals("consumer_name", Maps.str(server, "plugins.limit-count.key"));
        assertEquals(429, Maps.at(server, "plugins.limit-count.rejected_code"));
        assertNotNull(Maps.at(server, "plugins.cors.allow_origins"));

        Map<String, Object> analysis = route(doc, "analysis-api");
        assertNotNull(Maps.at(analysis, "plugins.multi-auth.auth_plugins.1.key-auth"), "machine consumers use key-auth");

        for (String admin : List.of("sys-admin", "tenant-admin")) {
            Map<String, Object> a = route(doc, admin);
            assertFalse(Maps.list(a, "plugins.ip-restriction.whitelist").isEmpty(), admin);
            assertNull(Maps.at(a, "plugins.chaitin-waf"), "admin routes are not public");
        }
        Map<String, Object> jwtConsumer = Maps.list(doc, "consumers").get(0);
        assertEquals("$env://BI_JWT_SECRET", Maps.str(jwtConsumer, "plugins.jwt-auth.secret"), "no secret in git");
        assertFalse(apisixYaml(Helm.env(env)).contains("admin_key"));
    }

    @Test
    void wafOnlyWhereConfigured() {
        Map<String, Object> dev = apisix(Helm.env("dev"));
        assertTrue(Maps.list(dev, "routes").stream().noneMatch(r -> Maps.at(r, "plugins.chaitin-waf") != null));
        assertNull(dev.get("plugin_metadata"));
        Map<String, Object> prod = apisix(Helm.env("prod"));
        assertEquals("block", Maps.str(route(prod, "server-api"), "plugins.chaitin-waf.mode"));
        assertEquals("block", Maps.str(route(prod, "leke-webhook"), "plugins.chaitin-waf.mode"));
        assertEquals("chaitin-waf", Maps.str(prod, "plugin_metadata.0.id"));
        assertEquals("monitor", Maps.str(route(apisix(Helm.env("test")), "server-api"), "plugins.chaitin-waf.mode"));
        assertEquals("BI_APIKEY_ERP_SYNC", Maps.str(Maps.list(prod, "consumers").get(1), "plugins.key-auth.key").replace("$env://", ""));
    }

    @Test
    void canaryWeightsAndBlueGreenSwitch() {
        Rendered r = Rendered.parse(Helm.templateOk(Helm.envArgs("prod",
                "--set", "bi-analysis.blueGreen.enabled=true",
                "--set", "bi-analysis.blueGreen.active=green",
                "--set", "bi-analysis.blueGreen.tracks.blue.image.tag=1.3.0-9f8e7d6",
                "--set", "gateway.canary.bi-analysis.weight=20")));
        Map<String, Object> svc = r.get("Service", "bi-analysis");
        assertEquals("green", Maps.str(svc, "spec.selector.bi-platform.io/track"), "Service follows blueGreen.active");
        assertEquals("blue", Maps.str(r.get("Service", "bi-analysis-preview"), "spec.selector.bi-platform.io/track"));
        assertEquals("registry.example.com/bi/bi-analysis:1.3.0-9f8e7d6",
                Maps.str(r.get("Deployment", "bi-analysis-blue"), "spec.template.spec.containers.0.image"));
        assertEquals("registry.example.com/bi/bi-analysis:1.4.0-0a1b2c3",
                Maps.str(r.get("Deployment", "bi-analysis-green"), "spec.template.spec.containers.0.image"));
        Map<String, Object> split = Maps.map(route(apisix(r), "analysis-api"), "plugins.traffic-split");
        assertEquals("bi-analysis-preview", Maps.str(split, "rules.0.weighted_upstreams.0.upstream_id"));
        assertEquals(20, Maps.at(split, "rules.0.weighted_upstreams.0.weight"));
        assertEquals(80, Maps.at(split, "rules.0.weighted_upstreams.1.weight"));
        assertEquals(2, r.kind("HorizontalPodAutoscaler").stream().filter(h -> Maps.str(h, "metadata.name").startsWith("bi-analysis")).count());
        r.objects.forEach(StrictKube::validate);
    }

    @Test
    void nacosDiscoveryLooksWhereTheServicesRegister() {
        Map<String, Object> nacos = apisix(Rendered.parse(Helm.templateOk(Helm.envArgs("prod",
                "--set", "gateway.upstream.discovery=nacos"))));
        Map<String, Object> upstream = Maps.list(nacos, "upstreams").stream()
                .filter(u -> "bi-basic".equals(Maps.str(u, "id"))).findFirst().orElseThrow();
        assertEquals("nacos", Maps.str(upstream, "discovery_type"));
        assertEquals("bi-basic", Maps.str(upstream, "service_name"));
        assertEquals("bi-prod", Maps.str(upstream, "discovery_args.namespace_id"), "global.nacos.namespace by default");
        assertFalse(upstream.containsKey("nodes"));
    }

    @Test
    void digestWinsOverTag() {
        String digest = "sha256:" + "ab".repeat(32);
        Rendered r = Rendered.parse(Helm.templateOk(Helm.envArgs("prod", "--set", "bi-sys.image.digest=" + digest)));
        assertEquals("registry.example.com/bi/bi-sys:1.4.0-0a1b2c3@" + digest,
                Maps.str(r.get("Deployment", "bi-sys"), "spec.template.spec.containers.0.image"));
        Rendered noTag = Rendered.parse(Helm.templateOk(List.of("--set", "global.imageTag=1.0.0-abc1234", "--set", "bi-sys.image.digest=" + digest)));
        assertEquals("registry.example.com/bi/bi-sys:1.0.0-abc1234@" + digest,
                Maps.str(noTag.get("Deployment", "bi-sys"), "spec.template.spec.containers.0.image"));
    }

    @Test
    void gatewayOverlays() {
        Map<String, Object> prodAnn = Maps.map(Rendered.YAML.readValue(Helm.SOURCE.resolve("apisix-values/prod.yaml").toFile(), Map.class), "apisix.service.annotations");
        assertEquals("https:443", prodAnn.get("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port"), "HTTPS only");
        assertNotNull(prodAnn.get("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id"));
        assertNotNull(prodAnn.get("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-bandwidth"));
        Map<?, ?> dev = Rendered.YAML.readValue(Helm.SOURCE.resolve("apisix-values/dev.yaml").toFile(), Map.class);
        assertEquals("NodePort", Maps.str(dev, "apisix.service.type"));
    }
}
