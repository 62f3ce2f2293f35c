package com.bi.server.data;

import java.util.HashMap;
import java.util.List;

import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.Filter;
import com.bi.proto.analysis.v1.OrderBy;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.server.domain.Metrics;
import io.grpc.Channel;

/** {@link Metrics} over bi-analysis's {@code Query} (read-only: the channel retries it). */
public final class AnalysisClient implements Metrics {
    private final AnalysisServiceGrpc.AnalysisServiceBlockingStub stub;

    public AnalysisClient(Channel channel) {
        this.stub = AnalysisServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public Answer query(Question q) {
        QueryRequest.Builder request = QueryRequest.newBuilder().addAllMetrics(q.metrics()).addAllDimensions(q.dimensions())
                .setFrom(q.from().toString()).setTo(q.to().toString()).setTotals(true).setLimit(q.limit());
        if (!q.shops().isEmpty()) {
            request.addFilters(Filter.newBuilder().setField("shop").setOp("in").addAllValues(q.shops()));
        }
        q.platform().ifPresent(p -> request.addFilters(Filter.newBuilder().setField("platform").setOp("eq").addValues(p)));
        if (q.comparePreviousPeriod()) {
            request.setCompare("previous_period");
        }
        q.orderBy().ifPresent(m -> request.addOrderBy(OrderBy.newBuilder().setField(m).setDirection("desc")));
        if (q.dimensions().contains("day")) {
            request.addOrderBy(OrderBy.newBuilder().setField("day").setDirection("asc"));
        }
        QueryResponse response = PeerCalls.call(com.bi.server.domain.Dashboards.ANALYSIS, () -> stub.query(request.build()));
        List<Row> rows = response.getRowsList().stream()
                .map(r -> new Row(r.getDimensionsMap(), r.getMetricsMap(), r.getCompareMap())).toList();
        return new Answer(rows, new HashMap<>(response.getTotalsMap()), new HashMap<>(response.getCompareTotalsMap()),
                response.getCompareFrom(), response.getCompareTo(), response.getTimeZone());
    }
}
