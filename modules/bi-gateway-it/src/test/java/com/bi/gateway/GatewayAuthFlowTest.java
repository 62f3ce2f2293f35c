package com.bi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.config.ConfigLoader;
import com.bi.common.security.Caller;
import com.bi.common.security.TokenMinter;
import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.sys.SysService;
import com.bi.gateway.Apisix.Route;
import com.bi.gateway.ServiceRouteTable.ServiceRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the gateway's rendered routes, with real tokens: bi-sys's own token wiring ({@code Main.accessTokens}) and the
 * kit's verifier, both configured from a platform Secret the way the pods read it, and the APISIX pods' environment
 * from the same Secret (the chart refuses any other source, see {@link #aReferenceApisixCannotResolveIsRefusedAtRenderTime}).
 * A machine consumer exchanges its API key and calls the APIs; a user whose access token expired refreshes and logs
 * out; a JWT secret rotation refuses nobody.
 */
class GatewayAuthFlowTest {
    static final String S1 = "first-platform-jwt-secret-0123456789abcdef";
    static final String S2 = "second-platform-jwt-secret-0123456789abcdef";
    static final List<String> MACHINE_CALLS = List.of("POST /api/analysis/v1/query", "GET /api/basic/v1/shops",
            "GET /api/jushuitan/v1/sync/status", "GET /api/leke/v1/inbox/stats", "GET /api/tenant/v1/tenant", "GET /api/sys/v1/me");

    static List<ServiceRoute> sysRoutes;
    static final List<Platform> PLATFORMS = new ArrayList<>();

    @BeforeAll
    static void sysRouteTable() {
        sysRoutes = ServiceRouteTable.of(GatewayContractTest.SERVICES.get(0));
    }

    @AfterAll
    static void closePlatforms() {
        PLATFORMS.forEach(Platform::close);
    }

    /** The platform Secret's JWT keys: each signing secret with its label (the key claim bi-sys writes). */
    static Map<String, String> secret(String current, String label, String previous, String previousLabel) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("BI_JWT_SECRET", current);
        s.put("BI_JWT_GATEWAY_KEY", label);
        s.put("BI_JWT_SECRET_PREVIOUS", previous);
        s.put("BI_JWT_GATEWAY_KEY_PREVIOUS", previousLabel);
        return s;
    }

    /** A service's platform resources (its JWT verifier) as the environment configures them. */
    static Platform platform(String service, Map<String, String> environment) {
        Platform platform = Platform.create(service, ConfigLoader.load(Map.of("deploy.env", "test", "bi.tracing.exporter", "none",
                "bi.tenant.status.check", "false"), environment));
        PLATFORMS.add(platform);
        return platform;
    }

    /** bi-sys's token signer as its declaration builds it from the environment. */
    static TokenMinter biSys(Map<String, String> environment) {
        return SysService.accessTokens(platform("bi-sys", environment));
    }

    static Route routeOf(Apisix gw, String call) {
        String[] mp = call.split(" ", 2);
        return gw.match(mp[0], mp[1]).orElseThrow(() -> new AssertionError(call + " reaches no gateway route")).route();
    }

    /** What bi-sys's login and API-key exchange hand out (Identity.login / Identity.apiKeyToken sign the same way). */
    static String userToken(TokenMinter tokens) {
        return tokens.issue("acme", "42", List.of("ADMIN"), "session-1").token();
    }

    static String machineToken(TokenMinter tokens) {
        return tokens.issue("acme", "apikey:7", List.of("ANALYST"), null).token();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void machineConsumerExchangesItsKeyThenCallsTheApis(String env) {
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        Map<String, String> platform = secret(S1, "bi-1", S1, "bi-1");

        // the exchange: open at the gateway (the key is bi-sys's to check), limited per client, and public at bi-sys
        Route exchange = routeOf(gw, "POST /api/sys/v1/auth/api-key");
        assertEquals("bi-sys", exchange.upstream());
        assertTrue(exchange.open(), env + ": the API-key exchange must not demand a token: " + exchange.plugins().keySet());
        assertTrue(exchange.plugins().containsKey("limit-count") && exchange.plugins().containsKey("limit-req"), env + ": limited");
        assertTrue(sysRoutes.contains(new ServiceRoute("bi-sys", "POST", "/api/sys/v1/auth/api-key", true)));

        String token = machineToken(biSys(platform));
        Platform service = platform("bi-analysis", platform);
        Instant now = Instant.now();
        for (String call : MACHINE_CALLS) {
            Route r = routeOf(gw, call);
            assertEquals("bi_users", gw.jwtAuth(r, "Bearer " + token, platform, now), env + ": " + call);
            Caller caller = service.verifier().verify(token);
            assertEquals("acme", caller.tenantId(), call);
            // the API key itself is no credential on these routes (no key-auth left that the services would refuse)
            assertThrows(Apisix.Refused.class, () -> gw.jwtAuth(r, null, platform, now), call);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void everyProtectedServiceRouteTakesBiSysTokensAtTheGateway(String env) {
        // the route's jwt-auth reads the claim bi-sys writes and finds a consumer holding bi-sys's secret
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        Map<String, String> platform = secret(S1, "bi-1", S1, "bi-1");
        String token = "Bearer " + machineToken(biSys(platform));
        int checked = 0;
        for (Service service : GatewayContractTest.SERVICES) {
            for (ServiceRoute s : ServiceRouteTable.of(service)) {
                if (!s.open() && s.pattern().startsWith("/api/")) {
                    Route r = routeOf(gw, s.method() + " " + s.samplePath());
                    assertEquals("bi_users", gw.jwtAuth(r, token, platform, Instant.now()), env + ": " + s + " via " + r.id());
                    checked++;
                }
            }
        }
        assertTrue(checked > 40, "every protected route of every built service: " + checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void userWhoseAccessTokenExpiredRefreshesAndLogsOut(String env) {
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        Map<String, String> platform = secret(S1, "bi-1", S1, "bi-1");
        TokenMinter tokens = biSys(platform);
        String expired = userToken(tokens);
        Instant later = Instant.now().plus(tokens.ttl()).plusSeconds(60);

        Route api = routeOf(gw, "POST /api/analysis/v1/query");
        Apisix.Refused refused = assertThrows(Apisix.Refused.class, () -> gw.jwtAuth(api, "Bearer " + expired, platform, later));
        assertTrue(refused.getMessage().contains("exp"), refused.getMessage());

        for (String call : List.of("POST /api/sys/v1/auth/refresh", "POST /api/sys/v1/auth/logout")) {
            Route r = routeOf(gw, call);
            assertEquals("bi-sys", r.upstream(), call);
            assertTrue(r.open(), env + ": " + call + " is where an expired session goes; it must not demand a valid token: "
                    + r.id() + " " + r.plugins().keySet());
            assertTrue(r.plugins().containsKey("cors"), env + ": the console calls " + call + " cross-origin");
            String path = call.substring(5);
            assertTrue(sysRoutes.contains(new ServiceRoute("bi-sys", "POST", path, true)), "bi-sys serves " + call + " without a token");
        }
        // the fresh token from the refresh passes again
        assertEquals("bi_users", gw.jwtAuth(api, "Bearer " + userToken(tokens), platform, Instant.now()));
    }

    @Test
    void rotatingTheSecretRefusesNobody() {
        Apisix gw = Apisix.of(UmbrellaChart.apisix("prod"));
        Route api = routeOf(gw, "GET /api/basic/v1/shops");
        // charts/README.md's three steps: announce the new secret as previous, swap, drop the old one
        List<Map<String, String>> steps = List.of(
                secret(S1, "bi-1", S1, "bi-1"),
                secret(S1, "bi-1", S2, "bi-2"),
                secret(S2, "bi-2", S1, "bi-1"),
                secret(S2, "bi-2", S2, "bi-2"));
        Instant now = Instant.now();
        for (int i = 0; i + 1 < steps.size(); i++) {
            // during each rollout, pods of both steps run side by side: every token either bi-sys signs passes every pod
            for (Map<String, String> signer : List.of(steps.get(i), steps.get(i + 1))) {
                String token = userToken(biSys(signer));
                for (Map<String, String> pod : List.of(steps.get(i), steps.get(i + 1))) {
                    String consumer = gw.jwtAuth(api, "Bearer " + token, pod, now);
                    assertTrue(consumer.startsWith("bi_users"), consumer);
                    assertEquals("acme", platform("bi-basic", pod).verifier().verify(token).tenantId());
                }
            }
        }
        // why the first step: swapping at once refuses the new tokens at gateway pods that have not restarted yet
        String early = userToken(biSys(steps.get(2)));
        assertThrows(Apisix.Refused.class, () -> gw.jwtAuth(api, "Bearer " + early, steps.get(0), now));
        // why each secret needs its own label: two consumers with one key, APISIX keeps one and refuses the other's
        // tokens (here the ones bi-sys signed with the old secret a moment ago)
        Map<String, String> sameLabel = secret(S2, "bi-1", S1, "bi-1");
        String s1Token = userToken(biSys(steps.get(0)));
        assertThrows(Apisix.Refused.class, () -> gw.jwtAuth(api, "Bearer " + s1Token, sameLabel, now));
    }

    @Test
    void aReferenceApisixCannotResolveIsRefusedAtRenderTime() throws java.io.IOException {
        Apisix gw = Apisix.of(UmbrellaChart.apisix("prod"));
        Route api = routeOf(gw, "GET /api/basic/v1/shops");
        // the hazard: a variable missing from the pod leaves "$env://NAME" as the consumer's key and secret
        Map<String, String> podWithoutPrevious = new LinkedHashMap<>(secret(S1, "bi-1", S1, "bi-1"));
        podWithoutPrevious.remove("BI_JWT_SECRET_PREVIOUS");
        podWithoutPrevious.remove("BI_JWT_GATEWAY_KEY_PREVIOUS");
        String forged = hs256("{\"key\":\"$env://BI_JWT_GATEWAY_KEY_PREVIOUS\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}",
                "$env://BI_JWT_SECRET_PREVIOUS");
        assertEquals("bi_users_previous", gw.jwtAuth(api, "Bearer " + forged, podWithoutPrevious, Instant.now()),
                "APISIX keeps an unresolvable reference as literal text");
        assertThrows(Apisix.Refused.class, () -> gw.jwtAuth(api, "Bearer " + forged, secret(S1, "bi-1", S1, "bi-1"), Instant.now()));

        // so the chart refuses every configuration where that could happen
        UmbrellaChart.Result noEnv = UmbrellaChart.template("prod", "--set", "apisix.apisix.nginx.envs={BI_JWT_SECRET,BI_JWT_GATEWAY_KEY}");
        assertNotEquals(0, noEnv.exitCode());
        assertTrue(noEnv.stderr().contains("references $env://BI_JWT_GATEWAY_KEY_PREVIOUS but apisix.apisix.nginx.envs does not list it"), noEnv.stderr());
        Path optionalValues = Files.createTempFile("optional-env", ".yaml");
        Files.writeString(optionalValues, """
                apisix:
                  extraEnvVars:
                    - {name: BI_JWT_SECRET, valueFrom: {secretKeyRef: {name: bi-platform-secrets, key: BI_JWT_SECRET}}}
                    - {name: BI_JWT_GATEWAY_KEY, valueFrom: {secretKeyRef: {name: bi-platform-secrets, key: BI_JWT_GATEWAY_KEY}}}
                    - {name: BI_JWT_SECRET_PREVIOUS, valueFrom: {secretKeyRef: {name: bi-platform-secrets, key: BI_JWT_SECRET_PREVIOUS, optional: true}}}
                    - {name: BI_JWT_GATEWAY_KEY_PREVIOUS, valueFrom: {secretKeyRef: {name: bi-platform-secrets, key: BI_JWT_GATEWAY_KEY_PREVIOUS}}}
                """);
        UmbrellaChart.Result optional = UmbrellaChart.template("prod", "-f", optionalValues.toString());
        Files.delete(optionalValues);
        assertNotEquals(0, optional.exitCode());
        assertTrue(optional.stderr().contains("references $env://BI_JWT_SECRET_PREVIOUS but apisix.extraEnvVars does not set it from key"), optional.stderr());
        UmbrellaChart.Result otherSecret = UmbrellaChart.template("dev", "--set", "global.secret.existingSecret=ops-secrets");
        assertNotEquals(0, otherSecret.exitCode());
        assertTrue(otherSecret.stderr().contains("of the platform Secret ops-secrets"), otherSecret.stderr());
    }

    /** An HS256 token signed with any secret, short ones included (what an attacker can do with a known string). */
    static String hs256(String payloadJson, String secret) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
