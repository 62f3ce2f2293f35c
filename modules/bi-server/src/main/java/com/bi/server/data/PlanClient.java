package com.bi.server.data;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.proto.plan.v1.AttainmentResponse;
import com.bi.proto.plan.v1.GetAttainmentRequest;
import com.bi.proto.plan.v1.PlanServiceGrpc;
import com.bi.proto.plan.v1.ShopAttainment;
import com.bi.server.domain.DashboardQuery;
import com.bi.server.domain.Dashboards;
import io.grpc.Channel;

/**
 * The dashboard's plan attainment section: bi-plan-taoxi's {@code GetAttainment} for the month the range ends in, as
 * the caller (the caller's token decides the tenant), one row per Taoxi shop with a plan. The platform filter applies;
 * the shop filter does not (the dashboard's shops are the orders' shop ids, a plan's are bi-basic's).
 */
public final class PlanClient implements Dashboards.Extra {
    public static final String SERVICE = "bi-plan-taoxi";
    private final PlanServiceGrpc.PlanServiceBlockingStub stub;

    public PlanClient(Channel channel) {
        this.stub = PlanServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public String name() {
        return "attainment";
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public Object fetch(String tenant, DashboardQuery query) {
        String month = query.to().toString().substring(0, 7);
        AttainmentResponse answer = PeerCalls.call(SERVICE,
                () -> stub.getAttainment(GetAttainmentRequest.newBuilder().setMonth(month).build()));
        return answer.getShopsList().stream()
                .filter(shop -> query.platform().map(shop.getPlatform()::equals).orElse(true))
                .map(PlanClient::row).toList();
    }

    /** The console's attainment row (money as numbers, like the other sections). */
    private static Map<String, Object> row(ShopAttainment shop) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("shop", shop.getShopName());
        row.put("shop_id", shop.getShopId());
        row.put("platform", shop.getPlatform());
        row.put("month", shop.getMonth());
        row.put("target", money(shop.getTargetGmv()));
        row.put("actual", money(shop.getMtdGmv()));
        row.put("expected_to_date", money(shop.getExpectedGmvToDate()));
        row.put("attainment", shop.getAttainment());
        row.put("forecast", money(shop.getForecastGmv()));
        row.put("forecast_method", shop.getForecastMethod());
        row.put("status", shop.getStatus());
        return row;
    }

    private static BigDecimal money(String text) {
        return text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
    }
}
