package com.bi.analysis;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.bi.common.cache.OrderDayVersions;
import com.bi.common.testing.RedisServer;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.orders.OrderCodec;
import com.bi.proto.analysis.v1.IngestRequest;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * With {@code bi.analysis.changes.redis.url}, an ingest announces the (tenant, day)s it changed in a real Redis
 * (what bi-server's dashboard cache keys on): the changed day's version moves, other days and other tenants stay.
 */
class DayChangesTest {
    private static RedisServer redis;
    private static ServiceUnderTest service;
    private static ManagedChannel channel;
    private static OrderDayVersions versions;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        service = AnalysisTestServer.service(Map.of("bi.analysis.changes.redis.url", redis.url())).start();
        channel = AnalysisTestServer.channel(service.grpcPort());
        versions = OrderDayVersions.connect(redis.url(), java.time.Duration.ofSeconds(2), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow();
        versions.close();
        service.close();
        redis.close();
    }

    @Test
    void anIngestBumpsTheDaysItChangedOnly() {
        LocalDate day = LocalDate.parse("2024-06-18");
        String before = versions.stamp("t-days", day, day);
        String otherDay = versions.stamp("t-days", day.plusDays(5), day.plusDays(5));
        String otherTenant = versions.stamp("t-days-other", day, day);
        // 10:00 in Shanghai on the 18th
        OrderEvent order = new OrderEvent("t-days", "TEST", "D1", "s1", "TMALL", Instant.parse("2024-06-18T01:59:00Z"),
                Instant.parse("2024-06-18T02:00:00Z"), "PAID", "b", new BigDecimal("10.00"), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, Instant.parse("2024-06-18T02:00:00Z"), 1, List.of(new OrderLine("SKU", "c", 1, new BigDecimal("10.00"), BigDecimal.ZERO)));
        AnalysisTestServer.stub(channel, "t-days", "SERVICE").ingest(IngestRequest.newBuilder().addOrders(OrderCodec.toProto(order)).build());
        String after = versions.stamp("t-days", day, day);
        assertThat(after, not(before));
        assertThat(versions.stamp("t-days", day.plusDays(5), day.plusDays(5)), is(otherDay));
        assertThat(versions.stamp("t-days-other", day, day), is(otherTenant));
        // the same order again changes nothing: no announcement
        AnalysisTestServer.stub(channel, "t-days", "SERVICE").ingest(IngestRequest.newBuilder().addOrders(OrderCodec.toProto(order)).build());
        assertThat(versions.stamp("t-days", day, day), is(after));
    }
}
