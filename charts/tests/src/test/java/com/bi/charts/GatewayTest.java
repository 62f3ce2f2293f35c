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
        // bi-sys's public paths: open at the gateway (bi-sys checks password, refresh token or API key), limited per client IP
        Map<String, List<String>> open = Map.of(
                "sys-login", List.of("/api/sys/v1/auth/login"),
                "sys-session", List.of("/api/sys/v1/auth/refresh", "/api/sys/v1/auth/logout"),
                "sys-api-key", List.of("/api/sys/v1/auth/api-key"));
        open.forEach((id, uris) -> {
            Map<String, Object> r = route(doc, id);
            assertEquals(uris, r.get("uris"), id);
            assertEquals("bi-sys", r.get("upstream_id"), id);
            assertTrue(((List<?>) r.get("methods")).contains("POST"), id);
            assertNull(Maps.at(r, "plugins.jwt-auth"), id + " must stay reachable with an expired or no access token");
            assertEquals("remote_addr", Maps.str(r, "plugins.limit-count.key"), id + " limited per client IP");
            assertEquals("remote_addr", Maps.str(r, "plugins.limit-req.key"), id);
        });

        Map<String, Object> webhook = route(doc, "leke-webhook");
        assertNull(Maps.at(webhook, "plugins.jwt-auth"), "leke webhook is HMAC-signed, not JWT");
        assertEquals(List.of("POST"), webhook.get("methods"));
        assertEquals("remote_addr", Maps.str(webhook, "plugins.limit-count.key"));

        Map<String, Object> server = route(doc, "server-api");
        assertEquals("key", Maps.str(server, "plugins.jwt-auth.key_claim_name"), "bi-sys writes its secret's label into key");
        assertEquals("consumer_name", Maps.str(server, "plugins.limit-count.key"));
        assertEquals(429, Maps.at(server, "plugins.limit-count.rejected_code"));
        assertNotNull(Maps.at(server, "plugins.cors.allow_origins"));

        for (Map<String, Object> r : Maps.list(doc, "routes")) {
            Map<String, Object> plugins = Maps.map(r, "plugins");
            // services accept only bi-sys JWTs: no route lets an API key through (machines exchange it at sys-api-key)
            assertFalse(plugins.containsKey("key-auth") || plugins.containsKey("multi-auth"), r.get("id") + ": " + plugins.keySet());
            assertTrue(plugins.containsKey("jwt-auth") || r.get("id").equals("console") || open.containsKey(r.get("id"))
                    || r.get("id").equals("leke-webhook"), r.get("id") + " must demand a token");
            assertEquals(List.of(List.of("uri", "!", "~~", "^/(observe|openapi)([/;?]|$)")), r.get("vars"), r.get("id") + ": observe endpoints stay off the gateway");
        }

        for (String admin : List.of("sys-admin", "tenant-admin")) {
            Map<String, Object> a = route(doc, admin);
            assertFalse(Maps.list(a, "plugins.ip-restriction.whitelist").isEmpty(), admin);
            assertNull(Maps.at(a, "plugins.chaitin-waf"), "admin routes are not public");
        }
        assertFalse(apisixYaml(Helm.env(env)).contains("admin_key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void oneJwtConsumerPerSigningSecret(String env) {
        List<Map<String, Object>> consumers = Maps.list(apisix(Helm.env(env)), "consumers");
        assertEquals(List.of("bi_users_previous", "bi_users"), consumers.stream().map(c -> c.get("username")).toList(),
                "the current secret's consumer comes last: APISIX keeps it when both carry the same label");
        assertEquals("$env://BI_JWT_SECRET_PREVIOUS", Maps.str(consumers.get(0), "plugins.jwt-auth.secret"), "no secret in git");
        assertEquals("$env://BI_JWT_GATEWAY_KEY_PREVIOUS", Maps.str(consumers.get(0), "plugins.jwt-auth.key"));
        assertEquals("$env://BI_JWT_SECRET", Maps.str(consumers.get(1), "plugins.jwt-auth.secret"));
        assertEquals("$env://BI_JWT_GATEWAY_KEY", Maps.str(consumers.get(1), "plugins.jwt-auth.key"));
        assertTrue(consumers.stream().allMatch(c -> "HS256".equals(Maps.str(c, "plugins.jwt-auth.algorithm"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void apisixPodsResolveEveryEnvReference(String env) {
        // APISIX keeps an unresolvable $env:// reference as literal text (a public "secret"): every reference of the
        // standalone file must be an nginx env of the APISIX config and a required key of the platform Secret
        Rendered r = Helm.env(env);
        Map<String, Object> config = Rendered.YAML.readValue(Maps.str(r.get("ConfigMap", "bi-platform-apisix"), "data.config.yaml"), LinkedHashMap.class);
        List<Map<String, Object>> podEnv = Maps.list(r.get("Deployment", "bi-platform-apisix"), "spec.template.spec.containers.0.env");
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$env://([A-Z0-9_]+)").matcher(apisixYaml(r));
        int count = 0;
        while (refs.find()) {
            String name = refs.group(1);
            count++;
            assertTrue(Maps.list(config, "nginx_config.envs").contains(name), env + ": nginx env " + name);
            Map<String, Object> entry = podEnv.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(env + ": the APISIX pods have no " + name));
            assertEquals("bi-platform-secrets", Maps.str(entry, "valueFrom.secretKeyRef.name"), name);
            assertEquals(name, Maps.str(entry, "valueFrom.secretKeyRef.key"), name);
            assertNull(Maps.at(entry, "valueFrom.secretKeyRef.optional"), name + " is required: a missing key must stop the pod");
        }
        assertEquals(4, count, "two secrets and their labels");
    }

    @Test
    void keyAuthAndUnresolvableSecretsAreRefused() {
        Helm.Result keyAuth = Helm.template(Helm.envArgs("dev", "--set", "gateway.routes.basic-api.auth=jwt-or-key"));
        assertTrue(keyAuth.exitCode() != 0 && keyAuth.stderr().contains("/gateway/routes/basic-api/auth': value must be one of 'jwt', 'none'"),
                keyAuth.stderr());
        Helm.Result noEnv = Helm.template(Helm.envArgs("dev", "--set", "apisix.apisix.nginx.envs={BI_JWT_SECRET}"));
        assertTrue(noEnv.exitCode() != 0 && noEnv.stderr().contains("apisix.apisix.nginx.envs does not list it"), noEnv.stderr());
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
    }

    @Test
    void canaryWeightsAndBlueGreenSwitch() {
        // the gateway's side of blue-green: the canary share goes to <service>-preview (track images are the chart's tests)
        Rendered r = Rendered.parse(Helm.templateOk(Helm.envArgs("prod",
                "--set", "bi-analysis.blueGreen.enabled=true",
                "--set", "bi-analysis.blueGreen.active=green",
                "--set", "bi-analysis.blueGreen.tracks.blue.image.tag=1.3.0-9f8e7d6",
                "--set", "bi-analysis.blueGreen.tracks.blue.image.digest=sha256:" + "cd".repeat(32),
                "--set", "gateway.canary.bi-analysis.weight=20")));
        assertEquals("green", Maps.str(r.get("Service", "bi-analysis"), "spec.selector.bi-platform.io/track"), "Service follows blueGreen.active");
        assertEquals("blue", Maps.str(r.get("Service", "bi-analysis-preview"), "spec.selector.bi-platform.io/track"));
        Map<String, Object> doc = apisix(r);
        Map<String, Object> split = Maps.map(route(doc, "analysis-api"), "plugins.traffic-split");
        assertEquals("bi-analysis-preview", Maps.str(split, "rules.0.weighted_upstreams.0.upstream_id"));
        assertEquals(20, Maps.at(split, "rules.0.weighted_upstreams.0.weight"));
        assertEquals(80, Maps.at(split, "rules.0.weighted_upstreams.1.weight"));
        assertTrue(Maps.list(doc, "upstreams").stream().anyMatch(u -> "bi-analysis-preview".equals(u.get("id"))
                && "bi-analysis-preview.bi.svc.cluster.local".equals(Maps.str(u, "nodes.0.host"))), "the preview Service is an upstream");
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
