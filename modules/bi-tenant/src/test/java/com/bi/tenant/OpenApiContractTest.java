package com.bi.tenant;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.tenant.domain.Tenants;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-tenant's OpenAPI document against bi-tenant: it lints, it names exactly the routes its wiring
 * registers, it is served at {@code /openapi}, and real requests to a PostgreSQL-backed server — every operation and
 * its refusals — are requests and responses the document describes.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new TenantService()).withDatabase();
    private static final String ADMIN = "/api/tenant/v1/admin/tenants";
    private final OpenApiContract contract;
    private final String operator = bearer(Tenants.PLATFORM, "PLATFORM_ADMIN");

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String code = "oa-" + Long.toString(System.nanoTime(), 36);
        String one = ADMIN + "/" + code;
        String draft = """
                {"code":"%s","name":"Contract tenant","plan":"FREE","max_shops":3,"time_zone":"Europe/Berlin"}""".formatted(code);
        contract.call(Call.post(ADMIN, operator, draft), 201);
        contract.call(Call.post(ADMIN, operator, draft), 409);
        contract.call(Call.get(ADMIN + "?page=1&size=5&status=ACTIVE", operator), 200);
        String etag = contract.call(Call.get(one, operator), 200).header("ETag");
        String changes = """
                {"name":"Contract tenant 2","plan":"ENTERPRISE","max_shops":null,"max_users":7,"api_rate_per_minute":60,"time_zone":null}""";
        contract.call(Call.put(one, operator, changes).header("If-Match", etag), 200);
        contract.call(Call.put(one, operator, changes).header("If-Match", etag), 412);
        contract.call(Call.get("/api/tenant/v1/tenant", bearer(code, "VIEWER")), 200);
        contract.call(Call.get(one, bearer(code, "ADMIN")), 403);
        contract.call(Call.post(one + "/suspend", operator, "{\"reason\":\"unpaid\"}"), 200);
        contract.call(Call.post(one + "/resume", operator, null), 200);
        contract.call(Call.post(one + "/suspend", operator, null), 200);
        contract.call(Call.post(ADMIN + "/" + Tenants.PLATFORM + "/suspend", operator, null), 409);
        contract.call(Call.post(ADMIN + "/nobody-here/resume", operator, null), 404);
        contract.call(Call.get("/api/tenant/v1/tenant", bearer("nobody-here", "VIEWER")), 404);

        contract.refused(Call.put(one, operator, changes), 428);
        contract.refused(Call.post(ADMIN, operator, "{\"code\":\"X\",\"name\":\"n\"}"), 400);
        contract.refused(Call.post(ADMIN, operator, "{\"code\":\"okay-code\",\"name\":\"n\",\"colour\":1}"), 400);
        contract.refused(Call.get(ADMIN + "?status=GONE", operator), 400);
        contract.refused(Call.get(ADMIN + "/Not_A_Code", operator), 400);
        contract.refused(Call.get(ADMIN, null), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
