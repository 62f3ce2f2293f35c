package com.bi.common.openapi;

import java.util.List;

import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every service's OpenAPI document must pass, whatever its operations: it lints, it names exactly the routes
 * the service's own wiring registers, and it is served at {@code /openapi} without a token. A service's
 * {@code OpenApiContractTest} implements this (JUnit runs these as its own tests) and adds the calls that drive each
 * of its operations.
 */
public interface OpenApiDocumentChecks {
    /** The service under test, started from its own declaration. */
    ServiceUnderTest service();

    /** The service's document ({@code META-INF/openapi.yaml} on the test's classpath), aimed at the running server. */
    default OpenApiContract document() {
        return OpenApiContract.load().at(service().uri());
    }

    @Test
    default void documentLints() {
        assertEquals(List.of(), document().lint());
    }

    @Test
    default void documentNamesExactlyTheRegisteredRoutes() {
        document().assertDescribes(service().runtime().wiring());
    }

    @Test
    default void servedAtOpenapiWithoutAToken() {
        document().assertServed();
    }
}
