package com.bi.template.data;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.bi.common.error.ApiException;
import com.bi.common.security.CallerToken;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.Filter;
import com.bi.proto.analysis.v1.OrderBy;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.proto.analysis.v1.Row;
import com.bi.template.domain.MetricAnswer;
import com.bi.template.domain.MetricRequest;
import com.bi.template.domain.MetricSource;
import com.bi.template.domain.RenderContext;
import com.bi.template.domain.TenantZones;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;

/**
 * bi-analysis's Query over gRPC, as the caller: each call carries the caller's token (bound on the panel's own
 * virtual thread) and the panel's timeout as its deadline. Also the tenant's time zone: the zone bi-analysis answers
 * in, asked with an empty one-day question and kept for {@code zoneTtl}.
 */
public final class AnalysisMetrics implements MetricSource, TenantZones {
    /** A date no tenant has orders on: the zone probe reads nothing. */
    private static final String PROBE_DAY = "1970-01-01";
    private final AnalysisServiceGrpc.AnalysisServiceBlockingStub stub;
    private final Duration zoneTtl;
    private final Duration zoneTimeout;
    private final Map<String, CachedZone> zones = new ConcurrentHashMap<>();

    private record CachedZone(ZoneId zone, long expiresAt) {
    }

    public AnalysisMetrics(Channel analysis, Duration zoneTtl, Duration zoneTimeout) {
        this.stub = AnalysisServiceGrpc.newBlockingStub(analysis);
        this.zoneTtl = zoneTtl;
        this.zoneTimeout = zoneTimeout;
    }

    @Override
    public MetricAnswer query(RenderContext context, MetricRequest request, Duration timeout) {
        QueryRequest.Builder q = QueryRequest.newBuilder().addAllMetrics(request.metrics()).addAllDimensions(request.dimensions())
                .setFrom(request.from().toString()).setTo(request.to().toString()).setCompare(request.compare())
                .setLimit(request.limit()).setTotals(true);
        request.filters().forEach(f -> q.addFilters(Filter.newBuilder().setField(f.field()).setOp(f.op()).addAllValues(f.values())));
        request.orderBy().forEach(s -> q.addOrderBy(OrderBy.newBuilder().setField(s.field())
                .setDirection(s.direction() == null ? "desc" : s.direction())));
        QueryResponse response = call(context, q.build(), timeout);
        List<MetricAnswer.Row> rows = response.getRowsList().stream().map(AnalysisMetrics::row).toList();
        return new MetricAnswer(rows, response.getTotalsMap(), response.getCompareTotalsMap(), response.getTimeZone());
    }

    @Override
    public ZoneId zone(RenderContext context) {
        long now = System.nanoTime();
        CachedZone cached = zones.get(context.tenantId());
        if (cached != null && cached.expiresAt - now > 0) {
            return cached.zone;
        }
        QueryResponse probe = call(context, QueryRequest.newBuilder().addMetrics("orders").setFrom(PROBE_DAY).setTo(PROBE_DAY)
                .setTotals(true).build(), zoneTimeout);
        ZoneId zone = ZoneId.of(probe.getTimeZone());
        zones.put(context.tenantId(), new CachedZone(zone, now + zoneTtl.toNanos()));
        return zone;
    }

    private QueryResponse call(RenderContext context, QueryRequest request, Duration timeout) {
        String previous = CallerToken.current();
        CallerToken.bind(context.bearerToken());
        try {
            return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).query(request);
        } catch (StatusRuntimeException e) {
            String detail = e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription();
            throw switch (e.getStatus().getCode()) {
                case DEADLINE_EXCEEDED -> new ApiException(504, "Gateway Timeout", "bi-analysis did not answer within "
                        + timeout.toMillis() + " ms");
                case INVALID_ARGUMENT -> ApiException.badRequest("query", "bi-analysis refused the query: " + detail);
                case PERMISSION_DENIED -> ApiException.forbidden("bi-analysis refused the caller: " + detail);
                case UNAUTHENTICATED -> ApiException.unauthorized("bi-analysis refused the caller's token");
                default -> ApiException.unavailable("bi-analysis cannot answer (" + e.getStatus().getCode() + ")");
            };
        } finally {
            CallerToken.bind(previous);
        }
    }

    private static MetricAnswer.Row row(Row r) {
        return new MetricAnswer.Row(r.getDimensionsMap(), r.getMetricsMap(), r.getCompareMap().isEmpty() ? null : r.getCompareMap());
    }
}
