package com.bi.tenant.api;

import com.bi.common.crud.CrudResource;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.tenant.domain.Tenant;
import com.bi.tenant.domain.TenantChanges;
import com.bi.tenant.domain.TenantDraft;
import com.bi.tenant.domain.TenantStatus;
import com.bi.tenant.domain.Tenants;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-tenant's HTTP API under {@value #PREFIX}: {@code GET /tenant} (the caller's own tenant, any role) and the
 * operator API under {@code /admin/tenants} (PLATFORM_ADMIN only; the gateway also restricts it by client IP).
 */
public final class TenantRoutes implements HttpService {
    public static final String PREFIX = "/api/tenant/v1";

    private final Tenants tenants;

    private TenantRoutes(Tenants tenants) {
        this.tenants = tenants;
    }

    public static void register(HttpRouting.Builder routing, Tenants tenants) {
        routing.register(PREFIX, new TenantRoutes(tenants));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tenant", RoleGuard.any(Roles.READ), this::own)
                .get("/admin/tenants", RoleGuard.any(Roles.PLATFORM_ADMIN), this::list)
                .post("/admin/tenants", RoleGuard.any(Roles.PLATFORM_ADMIN), this::create)
                .get("/admin/tenants/{code}", RoleGuard.any(Roles.PLATFORM_ADMIN), this::get)
                .put("/admin/tenants/{code}", RoleGuard.any(Roles.PLATFORM_ADMIN), this::replace)
                .post("/admin/tenants/{code}/suspend", RoleGuard.any(Roles.PLATFORM_ADMIN), this::suspend)
                .post("/admin/tenants/{code}/resume", RoleGuard.any(Roles.PLATFORM_ADMIN), this::resume);
    }

    private void own(ServerRequest req, ServerResponse res) {
        send(res, tenants.get(Callers.of(req).tenantId()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        var query = req.query();
        for (String name : query.names()) {
            if (!name.equals("page") && !name.equals("size") && !name.equals("status")) {
                throw ApiException.badRequest(name, "unknown query parameter '" + name + "'; allowed: page, size, status");
            }
        }
        TenantStatus status = query.first("status")
                .map(s -> (TenantStatus) CrudResource.enumFilter("status", TenantStatus.class).apply(s)).orElse(null);
        JsonBodies.send(res, tenants.list(status, PageRequest.parse(query.first("page").orElse(null), query.first("size").orElse(null))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Tenant created = tenants.create(JsonBodies.read(req, TenantDraft.class));
        res.headers().set(HeaderNames.ETAG, "\"" + created.version() + "\"");
        JsonBodies.created(res, PREFIX + "/admin/tenants/" + created.code(), created);
    }

    private void get(ServerRequest req, ServerResponse res) {
        send(res, tenants.get(code(req)));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String code = code(req);
        String ifMatch = req.headers().first(HeaderNames.IF_MATCH).orElseThrow(() -> ApiException.preconditionRequired(
                "updating tenant " + code + " needs an If-Match header with the ETag you read"));
        send(res, tenants.replace(code, version(ifMatch), JsonBodies.read(req, TenantChanges.class)));
    }

    /** Body optional: {@code {"reason": "..."}}. */
    private void suspend(ServerRequest req, ServerResponse res) {
        String reason = req.content().hasEntity() ? JsonBodies.read(req, Suspension.class).reason() : null;
        send(res, tenants.suspend(code(req), reason));
    }

    private void resume(ServerRequest req, ServerResponse res) {
        send(res, tenants.resume(code(req)));
    }

    record Suspension(String reason) {
    }

    private static void send(ServerResponse res, Tenant tenant) {
        res.headers().set(HeaderNames.ETAG, "\"" + tenant.version() + "\"");
        JsonBodies.send(res, tenant);
    }

    private static String code(ServerRequest req) {
        return RequestParams.tenantCode(req, "code");
    }

    private static long version(String etag) {
        return RequestParams.etagVersion(etag);
    }
}
