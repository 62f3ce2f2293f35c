package com.bi.orders.sink;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.common.security.ServiceTokens;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The direct path (no Kafka configured): bi-analysis's {@code Ingest}, in chunks, with the tenant's service token. */
public final class GrpcOrderSink implements OrderSink {
    private static final int CHUNK = 500;
    private final Channel channel;
    private final ServiceTokens tokens;

    public GrpcOrderSink(Channel channel, ServiceTokens tokens) {
        this.channel = channel;
        this.tokens = tokens;
    }

    @Override
    public void publish(String tenantId, List<OrderEvent> events) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            IngestRequest.Builder request = IngestRequest.newBuilder();
            for (OrderEvent event : events.subList(from, Math.min(events.size(), from + CHUNK))) {
                if (!tenantId.equals(event.tenantId())) {
                    throw new IllegalArgumentException("an event of tenant " + event.tenantId() + " in a batch for " + tenantId);
                }
                request.addOrders(OrderCodec.toProto(event));
            }
            try {
                tokens.as(tenantId, () -> AnalysisServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).ingest(request.build()));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    throw new RejectedOrdersException("bi-analysis refused the orders: " + e.getStatus().getDescription(), e);
                }
                throw e;
            }
        }
    }

    @Override
    public String kind() {
        return "grpc";
    }
}
