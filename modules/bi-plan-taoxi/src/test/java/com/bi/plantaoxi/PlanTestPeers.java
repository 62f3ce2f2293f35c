package com.bi.plantaoxi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.GrpcOrderSink;

import static com.bi.common.testing.TestTokens.bearer;

/**
 * The real peers of bi-plan-taoxi, started once per test JVM from their own declarations on fresh schemas of the
 * test PostgreSQL: bi-basic (shops) and bi-analysis (order facts and the metric engine). Tests create shops over
 * bi-basic's HTTP API and ingest orders through bi-analysis's gRPC Ingest, as the connectors do.
 */
public final class PlanTestPeers {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AtomicLong ORDER_IDS = new AtomicLong();
    private static ServiceUnderTest basic;
    private static ServiceUnderTest analysis;
    private static io.grpc.Channel analysisChannel;

    private PlanTestPeers() {
    }

    private static synchronized void start() {
        if (basic == null) {
            basic = ServiceUnderTest.of(new BasicService()).withDatabase().start();
            analysis = ServiceUnderTest.of(new AnalysisService()).withDatabase().start();
            // the kit's peer channel: it sends the token ServiceTokens.as binds, as a connector's does
            analysisChannel = analysis.platform().peers().channel("bi-analysis", analysis.grpcAddress());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                analysis.close();
                basic.close();
            }));
        }
    }

    /**
     * bi-plan-taoxi's configuration pointing at the peers (starting them on first use). The deadlines are generous:
     * a peer's first call in a fresh JVM on the loaded CI machine (2 cores, several builds) took over the 3 s default.
     */
    public static Map<String, String> config() {
        start();
        return Map.of("bi.peers.basic.address", basic.grpcAddress(), "bi.peers.analysis.address", analysis.grpcAddress(),
                "bi.peers.basic.timeout", "20s", "bi.peers.analysis.timeout", "20s");
    }

    /** A new shop of {@code tenant} in bi-basic; its id. */
    public static long shop(String tenant, String name, String platform, String externalId) {
        start();
        Http.Response created = basic.http().post("/api/basic/v1/shops", bearer(tenant, "ADMIN"), """
                {"name":"%s","platform":"%s","source":"MANUAL","external_id":"%s"}""".formatted(name, platform, externalId));
        if (created.status() != 201) {
            throw new AssertionError("bi-basic: " + created);
        }
        return created.json().get("id").asLong();
    }

    /** One paid order a day of {@code gmv} for the shop ({@code salesKey} = its external id), days {@code from}..{@code to}. */
    public static void sales(String tenant, String salesKey, String platform, LocalDate from, LocalDate to, String gmv) {
        List<OrderEvent> orders = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            orders.add(order(tenant, salesKey, platform, d, gmv));
        }
        ingest(tenant, orders);
    }

    public static OrderEvent order(String tenant, String salesKey, String platform, LocalDate day, String gmv) {
        Instant paid = day.atTime(12, 0).atZone(SHANGHAI).toInstant();
        return new OrderEvent(tenant, "DEMO", "P" + ORDER_IDS.incrementAndGet(), salesKey, platform, paid, paid, "PAID",
                "buyer-" + ORDER_IDS.get(), new BigDecimal(gmv), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, paid, 1,
                List.of());
    }

    public static void ingest(String tenant, List<OrderEvent> orders) {
        start();
        new GrpcOrderSink(analysisChannel, analysis.platform().serviceTokens()).publish(tenant, orders);
    }
}
