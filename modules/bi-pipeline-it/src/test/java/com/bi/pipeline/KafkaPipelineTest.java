package com.bi.pipeline;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.bi.analysis.AnalysisService;
import com.bi.analysis.data.JdbcMetricQueries;
import com.bi.analysis.data.KafkaOrderConsumer;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.MetricQuery;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderEvent;
import com.bi.orders.demo.DemoData;
import com.bi.orders.sink.KafkaOrderSink;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Connectors → Kafka → bi-analysis with a real KRaft broker: the broker is killed (-9) and restarted mid-stream,
 * and bi-analysis crashes mid-batch (after its database commit, before its offset commit) and restarts. The
 * rollup totals must equal the generator's: no order lost, none counted twice.
 */
class KafkaPipelineTest {
    private static final String TENANT = "t-kafka";

    record Totals(BigDecimal gmv, long orders, long units) {
    }

    private static Totals expected(List<OrderEvent> finals) {
        BigDecimal gmv = BigDecimal.ZERO;
        long orders = 0;
        long units = 0;
        for (OrderEvent o : finals) {
            if (o.counted()) {
                gmv = gmv.add(o.payAmount());
                orders++;
                units += o.items().stream().mapToInt(l -> l.quantity()).sum();
            }
        }
        return new Totals(gmv.setScale(2), orders, units);
    }

    private static Totals actual(Analysis analysis) {
        MetricQuery q = MetricQuery.of(new MetricQuery.Input(List.of("gmv", "orders", "units"), List.of(), "2024-01-01",
                "2024-12-31", List.of(), null, List.of(), 1, false));
        Map<String, Number> m = ((JdbcMetricQueries) analysis.metrics()).select(TENANT, q, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY)
                .getFirst().metrics();
        return new Totals((BigDecimal) m.get("gmv"), m.get("orders").longValue(), m.get("units").longValue());
    }

    @Test
    void brokerRestartAndAnalysisCrashLoseNothingAndCountNothingTwice() throws Exception {
        try (KafkaBroker broker = new KafkaBroker(Path.of("target", "kafka-" + System.nanoTime()))) {
            broker.start();
            String schema = "analysis_kafka_" + Long.toHexString(System.nanoTime());
            Map<String, String> config = new HashMap<>(TestDatabase.config("analysis"));
            config.put("bi.db.schema", schema);
            config.put("kafka.bootstrap.servers", broker.bootstrap());
            config.put("bi.kafka.topic.orders", "orders-it");
            config.put("bi.kafka.topic.partitions", "3");
            config.put("bi.kafka.max.poll.records", "500");
            config.put("bi.worker.stop.timeout", "1s");

            ServiceUnderTest service = ServiceUnderTest.of(new AnalysisService()).config(config).start();
            KafkaOrderConsumer consumer = service.worker(KafkaOrderConsumer.class);
            AtomicInteger batches = new AtomicInteger();
            CountDownLatch crashed = new CountDownLatch(1);
            consumer.afterDatabaseCommit(() -> {
                if (batches.incrementAndGet() == 5) {
                    // the process dies between its database commit and its offset commit: it hangs here until the
                    // service is closed under it (the stop interrupts it), so the offsets of this batch are never committed
                    crashed.countDown();
                    while (!Thread.currentThread().isInterrupted()) {
                        LockSupport.park();
                    }
                    throw new IllegalStateException("killed after the database commit");
                }
            });
            service.startWorkers();

            DemoData demo = new DemoData(11, TENANT, "DEMO");
            List<OrderEvent> finals = demo.orders(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30), 15_000).toList();
            List<OrderEvent> events = new ArrayList<>();
            for (OrderEvent o : finals) {
                events.add(DemoData.earlierState(o));
                events.add(o);
            }
            // an older state may arrive after the newer one (another connector, a replay): still last-modified wins
            Collections.shuffle(events.subList(0, 4000), new Random(3));

            try (KafkaOrderSink sink = new KafkaOrderSink(broker.bootstrap(), "orders-it", "it-producer", 90_000)) {
                int batch = 1000;
                for (int i = 0; i < events.size(); i += batch) {
                    List<OrderEvent> chunk = events.subList(i, Math.min(events.size(), i + batch));
                    if (i == 10_000) {
                        broker.kill();                       // broker dies mid-stream …
                        Thread.ofVirtual().start(() -> {
                            try {
                                Thread.sleep(2000);
                                broker.start();              // … and comes back
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                    for (int attempt = 1; ; attempt++) {
                        try {
                            sink.publish(TENANT, chunk);
                            break;
                        } catch (IllegalStateException e) {
                            if (attempt == 5) {
                                throw e;
                            }
                            Thread.sleep(1000);              // the connector retries: duplicates are harmless
                        }
                    }
                }
            }

            // bi-analysis crashed mid-batch: restart it on the same schema; it resumes from the committed offsets
            assertThat("the consumer reached the crash point", crashed.await(60, TimeUnit.SECONDS), is(true));
            service.close();
            ServiceUnderTest restarted = ServiceUnderTest.of(new AnalysisService()).config(config).withWorkers().start();
            Analysis again = restarted.app(Analysis.class);
            try {
                Totals want = expected(finals);
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                Totals got = actual(again);
                while (!got.equals(want) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    got = actual(again);
                }
                assertThat(got, is(want));
                long facts = restarted.platform().jdbc().count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", TENANT);
                assertThat(facts, is((long) finals.size()));
                // settle: nothing more arrives that would change the totals
                Thread.sleep(2000);
                assertThat(actual(again), is(want));
            } finally {
                restarted.close();
            }
        }
    }
}
