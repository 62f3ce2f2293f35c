package com.bi.template;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-template's OpenAPI document ({@code META-INF/openapi.yaml}, served at {@code /openapi}) lints, names exactly the
 * routes its wiring registers, and real requests — refusals included — are requests and responses it describes.
 * Rendering asks the real bi-analysis.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    static final ServiceUnderTest ANALYSIS = Backend.analysis();
    @RegisterExtension
    static final ServiceUnderTest SERVICE = Backend.template(ANALYSIS);
    private static final String ADMIN = bearer("openapi-a", "ADMIN");
    /** Another user than the admin's token (the creator, who always sees his own). */
    private static final String VIEWER = "Bearer " + TestTokens.ISSUER.token("openapi-a", "vic", List.of("VIEWER"), Duration.ofMinutes(10));
    private static final String TEMPLATE = """
            {"name":"Shops","kind":"DASHBOARD","variables":[{"name":"range","type":"RANGE","default_value":"yesterday"}],
             "panels":[{"id":"gmv","title":"GMV by shop","kind":"BAR","query":{"metrics":["gmv"],"dimensions":["shop"]}}]%s}""";
    private final OpenApiContract contract;

    OpenApiContractTest(URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @BeforeAll
    static void seed() {
        Backend.seed(ANALYSIS);
    }

    @AfterAll
    static void stopAnalysis() {
        ANALYSIS.close();
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String base = "/api/template/v1";
        contract.call(Call.get(base + "/starters", VIEWER), 200);
        contract.call(Call.post(base + "/starters/install", ADMIN, null), 200);
        contract.refused(Call.get(base + "/starters", null), 401);
        contract.call(Call.post(base + "/starters/install", VIEWER, null), 403);
        Http.Response created = contract.call(Call.post(base + "/templates", ADMIN, TEMPLATE.formatted("")), 201);
        String id = created.json().get("id").asText();
        contract.call(Call.post(base + "/templates", ADMIN, TEMPLATE.formatted("").replace("\"gmv\"]", "\"profit\"]")), 422);
        contract.refused(Call.post(base + "/templates", ADMIN, "{\"name\":\"x\",\"kind\":\"REPORT\",\"panels\":[],\"colour\":1}"), 400);
        contract.call(Call.get(base + "/templates?kind=DASHBOARD", VIEWER), 200);
        contract.call(Call.get(base + "/templates/" + id, ADMIN), 200);
        contract.call(Call.get(base + "/templates/" + id, VIEWER), 404);
        contract.call(Call.put(base + "/templates/" + id, ADMIN, TEMPLATE.formatted(",\"version\":1")), 200);
        contract.call(Call.put(base + "/templates/" + id, ADMIN, TEMPLATE.formatted(",\"version\":1")), 409);
        contract.call(Call.put(base + "/templates/" + id + "/sharing", ADMIN, "{\"view_roles\":[\"VIEWER\"],\"version\":2}"), 200);
        contract.call(Call.post(base + "/templates/" + id + "/render", VIEWER, "{\"variables\":{\"range\":\"last_7_days\"}}"), 200);
        contract.call(Call.post(base + "/templates/" + id + "/render", VIEWER, "{\"variables\":{\"range\":\"soon\"}}"), 400);
        contract.call(Call.get(base + "/templates/" + id + "/export/csv?range=yesterday", VIEWER), 200);
        contract.call(Call.get(base + "/templates/" + id + "/export/xlsx?range=yesterday", VIEWER), 200);
        contract.call(Call.get(base + "/templates/" + id + "/panels/gmv/png?range=yesterday", VIEWER), 200);
        contract.call(Call.get(base + "/templates/" + id + "/panels/nope/png", VIEWER), 404);
        contract.call(Call.delete(base + "/templates/" + id, VIEWER), 403);
        contract.call(Call.delete(base + "/templates/" + id, ADMIN), 204);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
