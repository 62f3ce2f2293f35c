package com.bi.tenant;

import java.net.URI;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestTokens;
import com.bi.proto.tenant.v1.GetTenantRequest;
import com.bi.proto.tenant.v1.ListTenantsRequest;
import com.bi.proto.tenant.v1.ListTenantsResponse;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** bi-tenant against real PostgreSQL: operator API, roles, bad input, suspension, GetTenant over gRPC. */
class TenantApiTest {
    private static final String ADMIN_TENANTS = "/api/tenant/v1/admin/tenants";
    private final Http http;
    private final WebServer server;
    private final String operator = bearer("platform", "PLATFORM_ADMIN");

    TenantApiTest(WebServer server, URI uri) {
        this.server = server;
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new TenantService()).withDatabase();

    private static void assertProblem(Response response, int status, String field, String detailPart) {
        assertThat(response.toString(), response.status(), is(status));
        assertThat(response.contentType(), is("application/problem+json"));
        if (field != null) {
            assertThat(response.toString(), response.json().get("field").asText(), is(field));
        }
        assertThat(response.toString(), response.json().get("detail").asText(), containsString(detailPart));
    }

    @Test
    void operatorTenantExistsOnFirstStart() {
        JsonNode platform = http.get(ADMIN_TENANTS + "/platform", operator).json();
        assertThat(platform.get("status").asText(), is("ACTIVE"));
        assertProblem(http.post(ADMIN_TENANTS + "/platform/suspend", operator, null), 409, null, "cannot be suspended");
    }

    @Test
    void createReadUpdateWithDefaults() {
        Response created = http.post(ADMIN_TENANTS, operator, """
                {"code":"acme","name":"Acme Trading","plan":"FREE"}""");
        assertThat(created.toString(), created.status(), is(201));
        assertThat(created.header("Location"), is(ADMIN_TENANTS + "/acme"));
        JsonNode acme = created.json();
        assertThat(acme.get("time_zone").asText(), is("Asia/Shanghai"));
        assertThat(acme.get("quotas").get("users").asInt(), is(5));
        assertThat(acme.get("quotas").get("shops").asInt(), is(2));
        assertThat(acme.get("status").asText(), is("ACTIVE"));

        assertProblem(http.post(ADMIN_TENANTS, operator, """
                {"code":"acme","name":"Again"}"""), 409, null, "already exists");

        Response updated = http.put(ADMIN_TENANTS + "/acme", operator, """
                {"name":"Acme Ltd","plan":"STANDARD","max_users":7,"time_zone":"Europe/Berlin"}""", created.header("ETag"));
        assertThat(updated.toString(), updated.status(), is(200));
        assertThat(updated.json().get("quotas").get("users").asInt(), is(7));
        assertThat(updated.json().get("quotas").get("shops").asInt(), is(20));
        assertProblem(http.put(ADMIN_TENANTS + "/acme", operator, """
                {"name":"Stale"}""", created.header("ETag")), 412, null, "stale");
        assertProblem(http.put(ADMIN_TENANTS + "/acme", operator, """
                {"name":"No etag"}""", null), 428, null, "If-Match");

        // a tenant's own users read their tenant (quotas, time zone) but not the operator API
        String acmeAdmin = bearer("acme", "ADMIN");
        assertThat(http.get("/api/tenant/v1/tenant", acmeAdmin).json().get("name").asText(), is("Acme Ltd"));
        assertThat(http.get("/api/tenant/v1/tenant", bearer("acme", "VIEWER")).status(), is(200));
        assertProblem(http.get(ADMIN_TENANTS, acmeAdmin), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.post(ADMIN_TENANTS, acmeAdmin, "{\"code\":\"x1\",\"name\":\"x\"}"), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.post(ADMIN_TENANTS + "/acme/suspend", acmeAdmin, null), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.get(ADMIN_TENANTS + "/nobody-here", operator), 404, null, "not found");
    }

    @Test
    void badInput() {
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"Bad Code\",\"name\":\"x\"}"), 400, "code", "lower-case");
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"okcode\"}"), 400, "name", "required");
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"okcode\",\"name\":\"x\",\"plan\":\"GOLD\"}"), 400, "plan", "allowed values");
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"okcode\",\"name\":\"x\",\"max_users\":-1}"), 400, "max_users", "between");
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"okcode\",\"name\":\"x\",\"time_zone\":\"Mars/Olympus\"}"), 400, "time_zone", "IANA");
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"okcode\",\"name\":\"x\",\"colour\":1}"), 400, "colour", "unknown field");
        assertProblem(http.get(ADMIN_TENANTS + "?status=SLEEPING", operator), 400, "status", "one of");
        assertProblem(http.get(ADMIN_TENANTS + "?colour=red", operator), 400, "colour", "unknown query parameter");
        assertProblem(http.get(ADMIN_TENANTS + "/UPPER", operator), 400, "code", "lower-case");
        assertProblem(http.get("/api/tenant/v1/tenant", null), 401, null, "bearer token");
    }

    @Test
    void controlCharactersAre400sNot500s() {
        assertProblem(http.post(ADMIN_TENANTS, operator, "{\"code\":\"nulname\",\"name\":\"a\\u0000b\"}"), 400, "name", "control characters");
        assertThat(http.post(ADMIN_TENANTS, operator, "{\"code\":\"nulreason\",\"name\":\"Nul reason\"}").status(), is(201));
        assertProblem(http.post(ADMIN_TENANTS + "/nulreason/suspend", operator, "{\"reason\":\"x\\u0000\"}"), 400, "reason", "control characters");
        assertThat(http.get(ADMIN_TENANTS + "/nulreason", operator).json().get("status").asText(), is("ACTIVE"));
    }

    @Test
    void suspendAndResume() {
        assertThat(http.post(ADMIN_TENANTS, operator, "{\"code\":\"sleepy\",\"name\":\"Sleepy\"}").status(), is(201));
        String sleepy = bearer("sleepy", "ADMIN");
        assertThat(http.get("/api/tenant/v1/tenant", sleepy).status(), is(200));

        Response suspended = http.post(ADMIN_TENANTS + "/sleepy/suspend", operator, "{\"reason\":\"unpaid\"}");
        assertThat(suspended.toString(), suspended.json().get("status").asText(), is("SUSPENDED"));
        assertThat(suspended.json().get("status_reason").asText(), is("unpaid"));
        // bi-tenant reads the status directly: refused at once
        assertProblem(http.get("/api/tenant/v1/tenant", sleepy), 403, null, "suspended");
        assertThat(http.get(ADMIN_TENANTS + "?status=SUSPENDED", operator).json().get("total").asInt(), is(1));

        // GetTenant still answers the suspended tenant's own token, with the status
        assertThat(grpc(TestTokens.token("sleepy", "VIEWER"), "").getStatus(), is("SUSPENDED"));

        assertThat(http.post(ADMIN_TENANTS + "/sleepy/resume", operator, null).json().get("status").asText(), is("ACTIVE"));
        assertThat(http.get("/api/tenant/v1/tenant", sleepy).status(), is(200));
        assertProblem(http.post(ADMIN_TENANTS + "/ghost/suspend", operator, null), 404, null, "not found");
    }

    @Test
    void getTenantOverGrpc() {
        http.post(ADMIN_TENANTS, operator, "{\"code\":\"grpc-a\",\"name\":\"A\",\"time_zone\":\"Asia/Tokyo\"}");
        http.post(ADMIN_TENANTS, operator, "{\"code\":\"grpc-b\",\"name\":\"B\"}");
        var own = grpc(TestTokens.token("grpc-a", "VIEWER"), "");
        assertThat(own.getCode(), is("grpc-a"));
        assertThat(own.getTimeZone(), is("Asia/Tokyo"));
        assertThat(grpc(TestTokens.token("grpc-a", "VIEWER"), "grpc-a").getName(), is("A"));
        // another tenant's code: NOT_FOUND, as for a tenant that does not exist
        StatusRuntimeException other = assertThrows(StatusRuntimeException.class,
                () -> grpc(TestTokens.token("grpc-a", "ADMIN"), "grpc-b"));
        assertThat(other.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        assertThat(grpc(TestTokens.token("platform", "PLATFORM_ADMIN"), "grpc-b").getName(), is("B"));
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> grpc(null, "grpc-a"));
        assertThat(anonymous.getStatus().getCode(), is(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void getTenantRefusesCodesThatAreNotTenantCodes() {
        String platformAdmin = TestTokens.token("platform", "PLATFORM_ADMIN");
        for (String code : new String[] {"a\u0000b", "x".repeat(100_000), "UPPER", "a"}) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> grpc(platformAdmin, code));
            assertThat(refused.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            assertThat(refused.getStatus().getDescription(), containsString("lower-case"));
        }
    }

    @Test
    void listTenantsPagesActiveTenantsForServiceTokensOnly() {
        http.post(ADMIN_TENANTS, operator, "{\"code\":\"list-a\",\"name\":\"A\"}");
        http.post(ADMIN_TENANTS, operator, "{\"code\":\"list-b\",\"name\":\"B\"}");
        http.post(ADMIN_TENANTS, operator, "{\"code\":\"list-off\",\"name\":\"Off\"}");
        http.post(ADMIN_TENANTS + "/list-off/suspend", operator, "{\"reason\":\"unpaid\"}");
        String service = TestTokens.token("platform", "SERVICE");

        java.util.List<String> codes = new java.util.ArrayList<>();
        long total = -1;
        for (int page = 1; page <= 50; page++) {
            ListTenantsResponse answer = listTenants(service, page, 2);
            answer.getTenantsList().forEach(t -> codes.add(t.getCode()));
            total = answer.getTotal();
            if (answer.getTenantsCount() < 2) {
                break;
            }
        }
        assertThat(codes.toString(), codes.containsAll(java.util.List.of("platform", "list-a", "list-b")), is(true));
        assertThat(codes.toString(), codes.contains("list-off"), is(false));
        assertThat((long) codes.size(), is(total));
        assertThat("no tenant twice across pages", codes.stream().distinct().count(), is(total));

        for (String user : java.util.List.of(TestTokens.token("platform", "PLATFORM_ADMIN"), TestTokens.token("list-a", "ADMIN"))) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> listTenants(user, 1, 10));
            assertThat(refused.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
        }
        StatusRuntimeException badSize = assertThrows(StatusRuntimeException.class, () -> listTenants(service, 1, 500));
        assertThat(badSize.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(badSize.getStatus().getDescription(), containsString("size"));
    }

    private ListTenantsResponse listTenants(String token, int page, int size) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port("grpc")).usePlaintext().build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            return TenantServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .listTenants(ListTenantsRequest.newBuilder().setPage(page).setSize(size).build());
        } finally {
            channel.shutdownNow();
        }
    }

    private com.bi.proto.tenant.v1.Tenant grpc(String token, String code) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port("grpc")).usePlaintext().build();
        try {
            var stub = TenantServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);
            if (token != null) {
                Metadata metadata = new Metadata();
                metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
            }
            return stub.getTenant(GetTenantRequest.newBuilder().setCode(code).build());
        } finally {
            channel.shutdownNow();
        }
    }
}
