package com.bi.gateway;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.bi.common.server.Service;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service serves its OpenAPI document at {@code /openapi} without a token (issue 10): it describes the API and
 * holds no data, but it is for the cluster, not the internet. No gateway route may lead there: every route, the
 * console's catch-all included, excludes the path (as it does {@code /observe}).
 */
class OpenApiNotRoutedTest {
    private static final Set<String> SERVICES = GatewayContractTest.SERVICES.stream().map(Service::name)
            .collect(Collectors.toUnmodifiableSet());
    private static final List<String> PATHS = List.of("/openapi", "/openapi/", "/openapi?format=json", "/openapi;x");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void noGatewayRouteLeadsToAServicesDocument(String env) {
        assertTrue(SERVICES.containsAll(Set.of("bi-server", "bi-sys", "bi-notify")), "the built services: " + SERVICES);
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        for (String path : PATHS) {
            for (String method : GatewayContractTest.METHODS) {
                gw.match(method, path).ifPresent(m -> assertFalse(SERVICES.contains(m.route().upstream()),
                        env + ": " + method + " " + path + " reaches " + m.route().upstream() + " through " + m.route().id()));
            }
        }
    }
}
