package com.bi.plantaoxi;

import com.bi.common.server.Catalog;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.plantaoxi.api.PlanGrpcService;
import com.bi.plantaoxi.api.PlanRoutes;
import com.bi.plantaoxi.data.GrpcSalesHistory;
import com.bi.plantaoxi.data.GrpcShopDirectory;
import com.bi.plantaoxi.data.JdbcPlanRepository;
import com.bi.plantaoxi.domain.Plans;

/**
 * bi-plan-taoxi, declared: monthly plans of Taoxi shops in PostgreSQL, shops from bi-basic and daily sales from
 * bi-analysis (both over gRPC with the caller's token), the HTTP API and plan.proto.
 */
public final class PlanTaoxiService extends DeclaredService {
    public static final String NAME = PlanTaoxiOptions.CATALOG.service();
    /** {@code /api/plan/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();

    public PlanTaoxiService() {
        super(PlanTaoxiOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        Plans plans = new Plans(new JdbcPlanRepository(platform.jdbc()),
                new GrpcShopDirectory(platform.peers().channel(Catalog.BI_BASIC, "bi.basic.v1.BasicService")),
                new GrpcSalesHistory(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService")),
                platform.clock(), PlanTaoxiOptions.from(platform.settings()));
        return Wiring.builder(plans)
                .http(routing -> PlanRoutes.register(routing, plans))
                .grpc(new PlanGrpcService(plans))
                .build();
    }
}
