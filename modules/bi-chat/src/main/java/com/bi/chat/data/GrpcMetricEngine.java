package com.bi.chat.data;

import java.util.ArrayList;
import java.util.List;

import com.bi.chat.domain.ChatQuery;
import com.bi.chat.domain.MetricEngine;
import com.bi.common.error.ApiException;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.Filter;
import com.bi.proto.analysis.v1.OrderBy;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;

/** bi-analysis's {@code Query} with the caller's token (the kit's peer channel passes it on). */
public final class GrpcMetricEngine implements MetricEngine {
    private final Channel channel;

    /** {@code channel}: the kit's peer channel (its deadline {@code bi.peers.analysis.timeout}, retries, breaker). */
    public GrpcMetricEngine(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Result run(ChatQuery query) {
        QueryResponse response = call(request(query));
        List<Row> rows = new ArrayList<>();
        response.getRowsList().forEach(r -> rows.add(new Row(r.getDimensionsMap(), r.getMetricsMap(), r.getCompareMap())));
        return new Result(rows, response.getTotalsMap(), response.getCompareTotalsMap(),
                response.getCompareFrom(), response.getCompareTo());
    }

    QueryResponse call(QueryRequest request) {
        try {
            return AnalysisServiceGrpc.newBlockingStub(channel).query(request);
        } catch (StatusRuntimeException e) {
            throw failure("bi-analysis", e);
        }
    }

    static QueryRequest request(ChatQuery q) {
        QueryRequest.Builder b = QueryRequest.newBuilder().addAllMetrics(q.metrics()).addAllDimensions(q.dimensions())
                .setFrom(q.from().toString()).setTo(q.to().toString()).setCompare(q.compare()).setLimit(q.limit()).setTotals(true);
        q.filters().forEach(f -> b.addFilters(Filter.newBuilder().setField(f.field()).setOp(f.op()).addAllValues(f.values())));
        q.orderBy().forEach(s -> b.addOrderBy(OrderBy.newBuilder().setField(s.field()).setDirection(s.direction())));
        return b.build();
    }

    /**
     * A peer's refusal of the query becomes a refusal and its refusal of the caller's roles a 403; a token this
     * service accepted but the peer did not (secrets out of step) and outages are the platform's problem: 503.
     */
    static RuntimeException failure(String peer, StatusRuntimeException e) {
        String detail = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new Refused(detail);
            case PERMISSION_DENIED -> ApiException.forbidden(peer + ": " + detail);
            default -> ApiException.unavailable(peer + " did not answer (" + e.getStatus().getCode() + ")");
        };
    }
}
