package com.bi.plantaoxi.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.plantaoxi.domain.DaySales;
import com.bi.plantaoxi.domain.SalesHistory;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.Filter;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.proto.analysis.v1.Row;
import io.grpc.Channel;

/**
 * bi-analysis's Query (metrics gmv and orders by day and shop, filtered to the shops asked for) with the caller's
 * token. Shops go in chunks so that one answer stays within the engine's row limit.
 */
public final class GrpcSalesHistory implements SalesHistory {
    /** bi-analysis's limits: rows of one answer, values of one filter. */
    static final int MAX_ROWS = 10_000;
    static final int MAX_FILTER_VALUES = 500;

    private final AnalysisServiceGrpc.AnalysisServiceBlockingStub analysis;

    public GrpcSalesHistory(Channel channel) {
        this.analysis = AnalysisServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public ZoneId zone() {
        // the zone bi-analysis counts the tenant's days in comes with every answer; ask for the smallest one
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        QueryResponse answer = PeerCalls.call("bi-analysis", () -> analysis.query(QueryRequest.newBuilder()
                .addMetrics("orders").setFrom(today).setTo(today).setLimit(1).build()));
        return ZoneId.of(answer.getTimeZone());
    }

    @Override
    public Map<String, Map<LocalDate, DaySales>> daily(Collection<String> salesKeys, LocalDate from, LocalDate to) {
        Map<String, Map<LocalDate, DaySales>> out = new HashMap<>();
        if (salesKeys.isEmpty() || to.isBefore(from)) {
            return out;
        }
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        int chunk = Math.max(1, Math.min(MAX_FILTER_VALUES, MAX_ROWS / days));
        List<String> keys = new ArrayList<>(salesKeys);
        for (int i = 0; i < keys.size(); i += chunk) {
            List<String> part = keys.subList(i, Math.min(keys.size(), i + chunk));
            QueryRequest request = QueryRequest.newBuilder()
                    .addMetrics("gmv").addMetrics("orders").addDimensions("day").addDimensions("shop")
                    .setFrom(from.toString()).setTo(to.toString())
                    .addFilters(Filter.newBuilder().setField("shop").setOp("in").addAllValues(part))
                    .setLimit(MAX_ROWS).build();
            QueryResponse answer = PeerCalls.call("bi-analysis", () -> analysis.query(request));
            for (Row row : answer.getRowsList()) {
                String shop = row.getDimensionsOrDefault("shop", "");
                LocalDate day = LocalDate.parse(row.getDimensionsOrThrow("day"));
                BigDecimal gmv = BigDecimal.valueOf(row.getMetricsOrDefault("gmv", 0)).setScale(2, RoundingMode.HALF_UP);
                long orders = Math.round(row.getMetricsOrDefault("orders", 0));
                out.computeIfAbsent(shop, s -> new HashMap<>()).put(day, new DaySales(gmv, orders));
            }
        }
        return out;
    }
}
