package com.bi.basic;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-basic's OpenAPI document ({@code META-INF/openapi.yaml}, served at {@code /openapi}) against bi-basic itself:
 * it lints, it names exactly the routes its wiring registers, and real requests to a PostgreSQL-backed
 * server — every operation, its refusals included — are requests and responses the document describes.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase();
    private static final String P = "/api/basic/v1";
    private final OpenApiContract contract;
    private final String admin = bearer("openapi-basic", "ADMIN");
    private final String viewer = bearer("openapi-basic", "VIEWER");

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        for (String[] r : new String[][] {
                {"shops", """
                        {"name":"Contract shop","platform":"JD","source":"MANUAL","external_id":"oa-1"}""", """
                        {"name":"Contract shop 2","platform":"JD","source":"MANUAL","external_id":"oa-1","status":"DISABLED"}"""},
                {"categories", """
                        {"name":"Contract category"}""", """
                        {"name":"Contract category 2","parent_id":null}""", """
                        {"name":"Orphan","parent_id":999999}""", "400"},
                {"products", """
                        {"code":"oa-p1","name":"Contract product","skus":[{"code":"oa-s1","name":"Red","price":12.5}]}""", """
                        {"code":"oa-p1","name":"Contract product 2","category_id":null,"status":"ACTIVE","skus":[]}"""},
                {"dictionaries", """
                        {"type":"order_status","code":"OA_WAIT","label":"waiting"}""", """
                        {"type":"order_status","code":"OA_WAIT","label":"still waiting","sort_order":3}"""}}) {
            String base = P + "/" + r[0];
            Http.Response created = contract.call(Call.post(base, admin, r[1]), 201);
            String one = base + "/" + created.json().get("id").asLong();
            contract.call(Call.get(base + "?page=1&size=10", viewer), 200);
            String etag = contract.call(Call.get(one, viewer), 200).header("ETag");
            contract.call(Call.put(one, admin, r[2]).header("If-Match", etag), 200);
            contract.call(Call.put(one, admin, r[2]).header("If-Match", etag), 412);
            // a duplicate key (409), or for categories a parent that does not exist (400 naming parent_id)
            contract.call(Call.post(base, admin, r.length > 3 ? r[3] : r[1]), r.length > 3 ? Integer.parseInt(r[4]) : 409);
            contract.call(Call.post(base, viewer, r[1]), 403);
            contract.call(Call.delete(one, admin), 204);
            contract.call(Call.get(one, viewer), 404);

            // requests the document rules out are refused the way it says
            contract.refused(Call.put(one, admin, r[2]), 428);
            contract.refused(Call.post(base, admin, "{\"nope\":1}"), 400);
            contract.refused(Call.get(base + "?colour=red", viewer), 400);
            contract.refused(Call.get(base + "?size=500", viewer), 400);
            contract.refused(Call.get(base + "/0", viewer), 400);
            contract.refused(Call.get(base, null), 401);
            contract.refused(new Call("POST", base, admin, "name=x", Map.of("Content-Type", "text/plain")), 415);
        }
        contract.call(Call.get(P + "/shops?platform=jd&source=MANUAL&status=ACTIVE&external_id=oa-1", viewer), 200);
        contract.call(Call.get(P + "/products?category_id=1&status=ACTIVE&code=oa-p1", viewer), 200);
        contract.call(Call.get(P + "/categories?parent_id=1&name=x", viewer), 200);
        contract.call(Call.get(P + "/dictionaries?type=order_status&code=OA_WAIT", viewer), 200);
        contract.refused(Call.get(P + "/shops?platform=MARS", viewer), 400);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
