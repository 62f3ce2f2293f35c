package com.bi.tenant;

import java.util.OptionalInt;

import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.common.tenancy.TenantGuard;
import com.bi.tenant.api.TenantGrpcService;
import com.bi.tenant.api.TenantRoutes;
import com.bi.tenant.data.JdbcTenantRepository;
import com.bi.tenant.domain.TenantStatus;
import com.bi.tenant.domain.Tenants;

/**
 * bi-tenant, declared: tenants, plans and quotas over PostgreSQL. It is the source of truth, so its edges check
 * suspension and read rate quotas from its own table, with no staleness.
 */
public final class TenantService extends DeclaredService {
    public static final String NAME = TenantOptions.CATALOG.service();

    public TenantService() {
        super(TenantOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        Tenants tenants = new Tenants(new JdbcTenantRepository(platform.jdbc()));
        tenants.bootstrap(); // the operator tenant "platform", on first start
        return Wiring.builder(tenants)
                .tenantGuard((caller, token) -> {
                    if (tenants.find(caller.tenantId()).map(t -> t.status() == TenantStatus.SUSPENDED).orElse(false)) {
                        throw TenantGuard.suspended(caller.tenantId());
                    }
                })
                .rateQuotas((tenant, token) -> tenants.find(tenant)
                        .map(t -> OptionalInt.of(t.quotas().apiRatePerMinute()))
                        .orElse(OptionalInt.empty()))
                .http(routing -> TenantRoutes.register(routing, tenants))
                .grpc(new TenantGrpcService(tenants))
                .build();
    }
}
