package com.bi.tenant;

import com.bi.common.grpc.GrpcServices;
import com.bi.common.server.ServiceKit;
import com.bi.common.tenancy.TenantGuard;
import com.bi.tenant.api.TenantGrpcService;
import com.bi.tenant.api.TenantRoutes;
import com.bi.tenant.data.JdbcTenantRepository;
import com.bi.tenant.domain.TenantStatus;
import com.bi.tenant.domain.Tenants;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-tenant: tenants, plans and quotas, suspend/resume; {@code GetTenant} over gRPC. HTTP 8002, gRPC 9002. */
public final class Main {
    public static final String NAME = "bi-tenant";

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        Tenants tenants = tenants(kit);
        return kit.serve(routing -> routing(routing, tenants), grpc -> grpc(grpc, tenants));
    }

    /** The use cases over PostgreSQL; creates the operator tenant {@code platform} on first start. */
    public static Tenants tenants(ServiceKit kit) {
        Tenants tenants = new Tenants(new JdbcTenantRepository(kit.jdbc()));
        tenants.bootstrap();
        // bi-tenant is the source of truth: the kit's suspension check reads the table itself, no staleness
        kit.tenantGuard((caller, token) -> {
            if (tenants.find(caller.tenantId()).map(t -> t.status() == TenantStatus.SUSPENDED).orElse(false)) {
                throw TenantGuard.suspended(caller.tenantId());
            }
        });
        // and the per-tenant request quota from the same table (the kit's default asks bi-tenant over gRPC)
        kit.rateLimitQuotas((tenant, token) -> tenants.find(tenant)
                .map(t -> java.util.OptionalInt.of(t.quotas().apiRatePerMinute()))
                .orElse(java.util.OptionalInt.empty()));
        return tenants;
    }

    public static void routing(HttpRouting.Builder routing, Tenants tenants) {
        TenantRoutes.register(routing, tenants);
    }

    public static void grpc(GrpcRouting.Builder grpc, Tenants tenants) {
        // unparsable requests answer INVALID_ARGUMENT instead of hanging the call
        grpc.service(GrpcServices.guarded(new TenantGrpcService(tenants)));
    }
}
