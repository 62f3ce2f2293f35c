package com.bi.plantaoxi;

import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-plan-taoxi's OpenAPI document against the service itself on PostgreSQL with its real peers (bi-basic,
 * bi-analysis): it lints, it names exactly the routes its wiring registers, and real requests to every operation —
 * refusals included — are requests and responses it describes.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    private static final String TENANT = "openapi-plan";
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new PlanTaoxiService()).withDatabase().config(PlanTestPeers.config());
    private static final String P = "/api/plan/v1";
    private final OpenApiContract contract;
    private final String admin = bearer(TENANT, "ADMIN");
    private final String analyst = bearer(TENANT, "ANALYST");
    private final String viewer = bearer(TENANT, "VIEWER");

    OpenApiContractTest(URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        long tmall = PlanTestPeers.shop(TENANT, "OA flagship", "TMALL", "oa-tm");
        long jd = PlanTestPeers.shop(TENANT, "OA jd", "JD", "oa-jd");
        YearMonth month = YearMonth.now(PlanTestPeers.SHANGHAI);
        PlanTestPeers.sales(TENANT, "oa-tm", "TMALL", month.atDay(1).minusWeeks(8), LocalDate.now(PlanTestPeers.SHANGHAI), "100.00");
        String one = P + "/plans/" + tmall + "/" + month;

        contract.call(Call.put(one, analyst, "{\"target_gmv\":\"90000.00\",\"target_orders\":900}"), 201);
        String etag = contract.call(Call.get(one, viewer), 200).header("ETag");
        contract.call(Call.put(one, analyst, "{\"target_gmv\":95000.5,\"target_orders\":950,\"note\":\"raised\"}")
                .header("If-Match", etag), 200);
        contract.call(Call.put(one, analyst, "{\"target_gmv\":\"1.00\",\"target_orders\":1}").header("If-Match", etag), 412);
        contract.call(Call.put(one, analyst, "{\"target_gmv\":\"1.00\",\"target_orders\":1}"), 428);
        contract.call(Call.put(P + "/plans/" + jd + "/" + month, analyst, "{\"target_gmv\":\"1.00\",\"target_orders\":1}"), 422);
        contract.call(Call.put(one, viewer, "{\"target_gmv\":\"1.00\",\"target_orders\":1}"), 403);
        contract.call(Call.put(one, analyst, "{\"target_gmv\":\"-1\",\"target_orders\":1}"), 400);
        contract.call(Call.get(P + "/plans?month=" + month, viewer), 200);
        contract.call(Call.get(P + "/plans?month=" + month + "&shop_id=" + tmall, viewer), 200);
        contract.call(Call.get(one + "/versions", viewer), 200);
        contract.call(Call.get(one + "/versions/1", viewer), 200);
        contract.call(Call.get(one + "/versions/9", viewer), 404);
        contract.call(Call.get(one + "/daily", viewer), 200);
        contract.call(Call.put(one + "/overrides", analyst, "{\"overrides\":[{\"day\":\"" + month.atDay(2) + "\",\"weight\":2.5}]}"), 200);
        contract.call(Call.put(one + "/overrides", analyst, "{\"overrides\":[{\"day\":\"" + month.plusMonths(1).atDay(2)
                + "\",\"weight\":1}]}"), 400);
        contract.call(Call.get(P + "/attainment", viewer), 200);
        contract.call(Call.get(P + "/attainment?month=" + month + "&shop_id=" + tmall, viewer), 200);
        contract.call(Call.get(P + "/thresholds", viewer), 200);
        contract.call(Call.put(P + "/thresholds", admin, "{\"on_track_percent\":90,\"at_risk_percent\":70}"), 200);
        contract.call(Call.put(P + "/thresholds", admin, "{\"on_track_percent\":60,\"at_risk_percent\":70}"), 400);
        contract.call(Call.put(P + "/thresholds", analyst, "{\"on_track_percent\":90,\"at_risk_percent\":70}"), 403);
        contract.call(Call.get(P + "/plans/export?from=" + month + "&to=" + month.plusMonths(1), viewer), 200);
        contract.call(csv(P + "/plans/import", analyst, "shop_id,month,target_gmv,target_orders\n" + tmall + "," + month.plusMonths(1)
                + ",1000.00,10\n"), 200);
        contract.call(csv(P + "/plans/import?mode=partial", analyst, "shop_id,month,target_gmv,target_orders\n" + jd + ","
                + month + ",1000.00,10\n"), 200);
        contract.call(csv(P + "/plans/import", analyst, "shop_id,month,target_gmv,target_orders\n" + jd + "," + month
                + ",1000.00,10\n"), 422);
        contract.call(csv(P + "/plans/import", analyst, "shop,month\n1,2026-01\n"), 400);
        contract.refused(new Call("POST", P + "/plans/import", analyst, "{}", Map.of("Content-Type", "application/json")), 415);
        contract.call(Call.delete(one, analyst), 204);
        contract.call(Call.get(one, viewer), 404);
        contract.call(Call.delete(one, analyst), 404);

        // requests the document rules out are refused the way it says
        contract.refused(Call.get(P + "/plans/0/" + month, viewer), 400);
        contract.refused(Call.get(P + "/plans/" + tmall + "/2026-1", viewer), 400);
        contract.refused(Call.get(P + "/plans", viewer), 400);
        contract.refused(Call.get(P + "/attainment?month=May", viewer), 400);
        contract.refused(Call.get(P + "/plans/export", viewer), 400);
        contract.refused(Call.put(one, analyst, "{\"target_gmv\":\"1.00\",\"target_orders\":1,\"colour\":\"red\"}"), 400);
        contract.refused(Call.get(P + "/thresholds", null), 401);
        contract.refused(Call.put(P + "/thresholds", admin, "{\"on_track_percent\":2000,\"at_risk_percent\":70}"), 400);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }

    private static Call csv(String path, String bearer, String body) {
        return new Call("POST", path, bearer, body, Map.of("Content-Type", "text/csv"));
    }
}
