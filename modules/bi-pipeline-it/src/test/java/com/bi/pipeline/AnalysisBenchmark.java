package com.bi.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.bi.analysis.AnalysisService;
import com.bi.analysis.data.JdbcMetricQueries;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.MetricQuery;
import com.bi.common.data.Jdbc;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.demo.DemoData;
import com.bi.orders.sink.KafkaOrderSink;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: prints numbers. Run with scripts/bench-analysis.sh [orders] [kafka-orders].
 * 1. ingestion through the service (gRPC Ingest, batches of 1000, 2 client threads) into PostgreSQL;
 * 2. ingestion through Kafka (producer → topic → bi-analysis's consumer), when bench.kafka.orders > 0;
 * 3. p50/p95 of a 30-day × shop dashboard and a top-10 SKU query on the rollups, next to the same question as a
 *    plain GROUP BY over the raw facts.
 */
class AnalysisBenchmark {
    private final StringBuilder out = new StringBuilder();

    private void print(String line) {
        System.out.println(line);
        out.append(line).append('\n');
    }

    @Test
    void benchmark() throws Exception {
        int orders = Integer.parseInt(System.getenv().getOrDefault("BENCH_ORDERS", "1000000"));
        int kafkaOrders = Integer.parseInt(System.getenv().getOrDefault("BENCH_KAFKA_ORDERS", "100000"));
        String tenant = "bench";
        ServiceUnderTest service = ServiceUnderTest.of(new AnalysisService()).withDatabase().config("bi.db.pool.size", "8").start();
        Analysis analysis = service.app(Analysis.class);
        Jdbc jdbc = service.platform().jdbc();
        print("== bi-analysis benchmark: " + orders + " orders (2024, Shanghai days), " + Runtime.getRuntime().availableProcessors()
                + " cores, PostgreSQL " + jdbc.one("SHOW server_version", r -> r.getString(1)).orElse("?"));

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.grpcPort()).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + TestTokens.ISSUER.token(tenant, "bench", List.of("SERVICE"), Duration.ofHours(12)));
        var stub = AnalysisServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        DemoData demo = new DemoData(2024, tenant, "DEMO", 24, 2000, 400_000);
        Iterator<OrderEvent> stream = demo.orders(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), orders).iterator();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> pending = new ArrayList<>();
            while (stream.hasNext()) {
                IngestRequest.Builder request = IngestRequest.newBuilder();
                for (int i = 0; i < 1000 && stream.hasNext(); i++) {
                    request.addOrders(OrderCodec.toProto(stream.next()));
                }
                IngestRequest built = request.build();
                pending.add(pool.submit(() -> stub.withDeadlineAfter(120, TimeUnit.SECONDS).ingest(built)));
                if (pending.size() >= 4) {
                    pending.removeFirst().get();
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        print(String.format("ingest via gRPC Ingest -> PostgreSQL: %d orders in %.1f s = %.0f orders/s", orders, seconds, orders / seconds));
        channel.shutdownNow();
        jdbc.update("ANALYZE");
        print("facts: " + jdbc.count("SELECT count(*) FROM order_fact") + " orders, "
                + jdbc.count("SELECT count(*) FROM order_item") + " lines; rollup rows: shop/day "
                + jdbc.count("SELECT count(*) FROM rollup_shop_day") + ", shop/sku/day " + jdbc.count("SELECT count(*) FROM rollup_sku_day")
                + ", sku/day " + jdbc.count("SELECT count(*) FROM rollup_tenant_sku_day"));

        JdbcMetricQueries engine = (JdbcMetricQueries) analysis.metrics();
        MetricQuery dashboard = MetricQuery.of(new MetricQuery.Input(List.of("gmv", "orders", "aov", "refund_amount"),
                List.of("day", "shop"), "2024-11-01", "2024-11-30", List.of(), null, List.of(), 10_000, false));
        MetricQuery topSku = MetricQuery.of(new MetricQuery.Input(List.of("gmv", "units"), List.of("sku"), "2024-11-01", "2024-11-30",
                List.of(), null, List.of(new MetricQuery.SortInput("gmv", "desc")), 10, false));
        latency("30-day x shop dashboard", () -> engine.select(tenant, dashboard, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY),
                () -> engine.select(tenant, dashboard, JdbcMetricQueries.Source.FACTS));
        latency("top-10 SKU, 30 days", () -> engine.select(tenant, topSku, JdbcMetricQueries.source(topSku)),
                () -> engine.select(tenant, topSku, JdbcMetricQueries.Source.FACT_ITEMS));
        if (!engine.select(tenant, dashboard, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY)
                .equals(engine.select(tenant, dashboard, JdbcMetricQueries.Source.FACTS))) {
            print("!! rollup and facts answers differ");
        }

        if (kafkaOrders > 0) {
            kafka(service, kafkaOrders);
        }
        service.close();
        Files.writeString(Path.of("target", "bench-results.txt"), out.toString());
    }

    private void kafka(ServiceUnderTest service, int count) throws Exception {
        try (KafkaBroker broker = new KafkaBroker(Path.of("target", "bench-kafka-" + System.nanoTime()))) {
            broker.start();
            Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", broker.bootstrap(),
                    "bi.kafka.topic.orders", "bench-orders", "bi.kafka.topic.partitions", "3"));
            // a second replica on the same schema whose workers (the consumer among them) start once the topic is full
            ServiceUnderTest consumer = ServiceUnderTest.of(new AnalysisService()).config(merge(service, config)).start();
            String tenant = "bench-kafka";
            List<OrderEvent> events = new DemoData(99, tenant, "DEMO").orders(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), count).toList();
            long t0 = System.nanoTime();
            try (KafkaOrderSink sink = new KafkaOrderSink(broker.bootstrap(), "bench-orders", "bench", 120_000)) {
                com.bi.orders.sink.KafkaTopics.ensure(broker.bootstrap(), "bench-orders", 3, (short) 1);
                long p0 = System.nanoTime();
                for (int i = 0; i < events.size(); i += 5000) {
                    sink.publish(tenant, events.subList(i, Math.min(events.size(), i + 5000)));
                }
                double produce = (System.nanoTime() - p0) / 1e9;
                print(String.format("kafka produce (idempotent, acks=all): %d events in %.1f s = %.0f events/s", count, produce, count / produce));
            }
            long c0 = System.nanoTime();
            consumer.startWorkers();
            while (service.platform().jdbc().count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant) < count) {
                Thread.sleep(200);
            }
            double consume = (System.nanoTime() - c0) / 1e9;
            double total = (System.nanoTime() - t0) / 1e9;
            print(String.format("ingest via Kafka -> consumer -> PostgreSQL: %d orders consumed in %.1f s = %.0f orders/s (end to end %.1f s)",
                    count, consume, count / consume, total));
            consumer.close();
        }
    }

    private static Map<String, String> merge(ServiceUnderTest service, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        for (String key : List.of("bi.db.url", "bi.db.user", "bi.db.password", "bi.db.schema")) {
            service.platform().settings().optionalString(key).ifPresent(v -> config.put(key, v));
        }
        return config;
    }

    private void latency(String name, Runnable rollup, Runnable facts) {
        double[] r = measure(rollup);
        double[] f = measure(facts);
        print(String.format("%-26s rollups p50 %7.2f ms  p95 %7.2f ms | raw facts GROUP BY p50 %8.2f ms  p95 %8.2f ms | x%.0f at p50",
                name, r[0], r[1], f[0], f[1], f[0] / r[0]));
    }

    private static double[] measure(Runnable query) {
        for (int i = 0; i < 3; i++) {
            query.run();
        }
        int runs = 25;
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1]};
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {
    }
}
