package com.bi.gateway;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Each service serves its OpenAPI document at {@code /openapi} without a token (issue 10): it describes the API and
 * holds no data, but it is for the cluster, not the internet. No gateway route may lead there (today the path falls
 * to the console route of bi-server, whose own document the route's uri guard keeps off the gateway, with /observe).
 */
class OpenApiNotRoutedTest {
    private static final Set<String> SERVICES = Set.of("bi-sys", "bi-tenant", "bi-basic", "bi-api-jushuitan", "bi-api-leke", "bi-analysis",
            "bi-server");
    private static final List<String> PATHS = List.of("/openapi", "/openapi/", "/openapi?format=json", "/openapi;x");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void noGatewayRouteLeadsToAServicesDocument(String env) {
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        for (String path : PATHS) {
            for (String method : GatewayContractTest.METHODS) {
                gw.match(method, path).ifPresent(m -> assertFalse(SERVICES.contains(m.route().upstream()),
                        env + ": " + method + " " + path + " reaches " + m.route().upstream() + " through " + m.route().id()));
            }
        }
    }
}
