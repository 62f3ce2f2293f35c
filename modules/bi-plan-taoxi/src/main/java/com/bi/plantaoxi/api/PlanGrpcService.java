package com.bi.plantaoxi.api;

import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.plantaoxi.domain.Attainments;
import com.bi.plantaoxi.domain.PlanDraft;
import com.bi.plantaoxi.domain.PlanInput;
import com.bi.plantaoxi.domain.PlanVersion;
import com.bi.plantaoxi.domain.Plans;
import com.bi.plantaoxi.domain.ShopAttainment;
import com.bi.proto.plan.v1.AttainmentResponse;
import com.bi.proto.plan.v1.GetAttainmentRequest;
import com.bi.proto.plan.v1.GetPlanRequest;
import com.bi.proto.plan.v1.Plan;
import com.bi.proto.plan.v1.PlanServiceGrpc;
import com.bi.proto.plan.v1.UpsertPlanRequest;
import io.grpc.stub.StreamObserver;

/**
 * plan.proto for bi-cron, bi-server, bi-chat and the demo launcher: the tenant is the caller's (from the token).
 * Readers and platform services (SERVICE, e.g. bi-cron's plan-alerts) read; analysts, admins and services write.
 */
public final class PlanGrpcService extends PlanServiceGrpc.PlanServiceImplBase {
    private static final Set<String> READERS = union(Roles.READ, Set.of(Roles.SERVICE));
    private static final Set<String> WRITERS = union(Roles.WRITE, Set.of(Roles.SERVICE));

    private final Plans plans;

    public PlanGrpcService(Plans plans) {
        this.plans = plans;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    private static Caller caller(Set<String> roles) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(roles)) {
            throw ApiException.forbidden("this call needs one of the roles " + roles.stream().sorted().toList());
        }
        return caller;
    }

    @Override
    public void getAttainment(GetAttainmentRequest request, StreamObserver<AttainmentResponse> response) {
        Caller caller = caller(READERS);
        YearMonth month = request.getMonth().isEmpty() ? null : PlanInput.month("month", request.getMonth());
        if (request.getShopIdsCount() > PlanRoutes.MAX_SHOPS) {
            throw ApiException.badRequest("shop_ids", "at most " + PlanRoutes.MAX_SHOPS + " shops per request");
        }
        List<Long> shopIds = new ArrayList<>();
        for (int i = 0; i < request.getShopIdsCount(); i++) {
            shopIds.add(PlanInput.shopId("shop_ids[" + i + "]", request.getShopIds(i)));
        }
        Attainments a = plans.attainment(caller.tenantId(), month, shopIds);
        AttainmentResponse.Builder out = AttainmentResponse.newBuilder().setAsOf(a.asOf().toString())
                .setTimeZone(a.zone().getId())
                .setOnTrackThreshold(a.thresholds().onTrackPercent() / 100.0)
                .setAtRiskThreshold(a.thresholds().atRiskPercent() / 100.0);
        for (ShopAttainment s : a.shops()) {
            PlanVersion p = s.plan();
            out.addShops(com.bi.proto.plan.v1.ShopAttainment.newBuilder()
                    .setShopId(Long.toString(p.shopId())).setShopName(p.shopName()).setPlatform(p.platform())
                    .setMonth(p.month().toString()).setTargetGmv(p.targetGmv().toPlainString()).setTargetOrders(p.targetOrders())
                    .setMtdGmv(s.mtdGmv().toPlainString()).setMtdOrders(s.mtdOrders())
                    .setExpectedGmvToDate(s.expectedGmv().toPlainString()).setExpectedOrdersToDate(s.expectedOrders())
                    .setAttainment(s.attainment().setScale(4, RoundingMode.HALF_UP).doubleValue())
                    .setForecastGmv(s.forecast().gmv().toPlainString()).setForecastOrders(s.forecast().orders())
                    .setForecastMethod(s.forecast().method().name())
                    .setForecastAttainment(s.forecastAttainment().setScale(4, RoundingMode.HALF_UP).doubleValue())
                    .setStatus(s.status().name()).setPlanVersion(p.version()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void upsertPlan(UpsertPlanRequest request, StreamObserver<Plan> response) {
        Caller caller = caller(WRITERS);
        PlanDraft draft = PlanInput.draft(request.getShopId(), request.getMonth(), request.getTargetGmv(),
                Long.toString(request.getTargetOrders()), request.getNote());
        Long expected = request.getExpectedVersion() == 0 ? null : request.getExpectedVersion();
        response.onNext(toProto(plans.upsert(caller.tenantId(), caller.userId(), draft, expected).plan()));
        response.onCompleted();
    }

    @Override
    public void getPlan(GetPlanRequest request, StreamObserver<Plan> response) {
        Caller caller = caller(READERS);
        response.onNext(toProto(plans.get(caller.tenantId(), PlanInput.shopId("shop_id", request.getShopId()),
                PlanInput.month("month", request.getMonth()))));
        response.onCompleted();
    }

    private static Plan toProto(PlanVersion p) {
        return Plan.newBuilder().setShopId(Long.toString(p.shopId())).setShopName(p.shopName()).setPlatform(p.platform())
                .setMonth(p.month().toString()).setTargetGmv(p.targetGmv().toPlainString()).setTargetOrders(p.targetOrders())
                .setVersion(p.version()).setChangedBy(p.changedBy()).setChangedAt(p.changedAt().toString())
                .setNote(p.note() == null ? "" : p.note()).build();
    }
}
