package com.bi.analysis.api;

import java.util.ArrayList;
import java.util.List;

import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.IngestResult;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryResult;
import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.IngestResponse;
import com.bi.proto.analysis.v1.Order;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.proto.analysis.v1.Row;
import io.grpc.stub.StreamObserver;

/** gRPC for connectors (Ingest) and the other services (Query); the tenant is the caller's, from the token. */
public final class AnalysisGrpcService extends AnalysisServiceGrpc.AnalysisServiceImplBase {
    private final Analysis analysis;

    public AnalysisGrpcService(Analysis analysis) {
        this.analysis = analysis;
    }

    public static final int MAX_ORDERS_PER_CALL = 1_000;

    @Override
    public void ingest(IngestRequest request, StreamObserver<IngestResponse> response) {
        Caller caller = GrpcEdge.caller();
        // one call is one transaction: bounded, so a huge batch cannot hold the tenant's lock and a connection for long
        // (the connectors send 500 at a time; the hostile suite's 20,000 copies outlasted any sane deadline)
        if (request.getOrdersCount() > MAX_ORDERS_PER_CALL) {
            throw ApiException.badRequest("orders", "at most " + MAX_ORDERS_PER_CALL + " orders per Ingest call; got "
                    + request.getOrdersCount());
        }
        List<OrderEvent> orders = new ArrayList<>(request.getOrdersCount());
        for (int i = 0; i < request.getOrdersCount(); i++) {
            Order order = request.getOrders(i);
            try {
                orders.add(OrderCodec.fromProto(caller.tenantId(), order));
            } catch (OrderEvent.InvalidOrderException e) {
                throw ApiException.badRequest("orders[" + i + "]." + e.field(), "orders[" + i + "] (" + order.getExternalOrderId() + "): " + e.getMessage());
            }
        }
        IngestResult result = analysis.ingest(caller, orders);
        response.onNext(IngestResponse.newBuilder().setApplied(result.applied()).setIgnored(result.ignored()).build());
        response.onCompleted();
    }

    /** bi-cron's rollup repair: queues (or joins) the caller's tenant's rebuild, as POST /rollups/rebuild does. */
    @Override
    public void requestRollupRebuild(com.bi.proto.analysis.v1.RequestRollupRebuildRequest request,
                                     StreamObserver<com.bi.proto.analysis.v1.RequestRollupRebuildResponse> response) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(Roles.MACHINE)) {
            throw ApiException.forbidden("a rollup rebuild needs one of the roles " + Roles.MACHINE.stream().sorted().toList());
        }
        String reason = request.getReason().isBlank() ? "grpc" : request.getReason().strip();
        if (reason.length() > 100) {
            throw ApiException.badRequest("reason", "reason must be at most 100 characters; got " + reason.length());
        }
        com.bi.analysis.domain.RollupJobs.Job job = analysis.rebuild(caller.tenantId(), reason);
        response.onNext(com.bi.proto.analysis.v1.RequestRollupRebuildResponse.newBuilder()
                .setJobId(job.id()).setStatus(job.status().name()).build());
        response.onCompleted();
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> response) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(Roles.READ) && !caller.hasAnyRole(java.util.Set.of("SERVICE"))) {
            throw ApiException.forbidden("querying needs one of the roles " + Roles.READ.stream().sorted().toList());
        }
        MetricQuery query = MetricQuery.of(new MetricQuery.Input(request.getMetricsList(), request.getDimensionsList(),
                request.getFrom(), request.getTo(),
                request.getFiltersList().stream().map(f -> new MetricQuery.FilterInput(f.getField(), f.getOp(), f.getValuesList())).toList(),
                request.getCompare(),
                request.getOrderByList().stream().map(o -> new MetricQuery.SortInput(o.getField(), o.getDirection().isEmpty() ? null : o.getDirection())).toList(),
                request.getLimit(), request.getTotals()));
        QueryResult result = analysis.query(caller, query);
        QueryResponse.Builder out = QueryResponse.newBuilder().setSource(result.source()).setTimeZone(result.timeZone());
        for (QueryResult.Row row : result.rows()) {
            Row.Builder r = Row.newBuilder();
            row.dimensions().forEach((k, v) -> r.putDimensions(k, v == null ? "" : v));
            row.metrics().forEach((k, v) -> {
                if (v != null) {
                    r.putMetrics(k, v.doubleValue());
                }
            });
            if (row.compare() != null) {
                row.compare().forEach((k, v) -> {
                    if (v != null) {
                        r.putCompare(k, v.doubleValue());
                    }
                });
            }
            out.addRows(r);
        }
        result.totals().forEach((k, v) -> {
            if (v != null) {
                out.putTotals(k, v.doubleValue());
            }
        });
        result.compareTotals().forEach((k, v) -> {
            if (v != null) {
                out.putCompareTotals(k, v.doubleValue());
            }
        });
        if (result.compareFrom() != null) {
            out.setCompareFrom(result.compareFrom()).setCompareTo(result.compareTo());
        }
        response.onNext(out.build());
        response.onCompleted();
    }
}
