package com.bi.pipeline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.bi.analysis.AnalysisService;
import com.bi.analysis.data.KafkaOrderConsumer;
import com.bi.common.data.Jdbc;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.orders.sink.KafkaTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #2 and #8 against a real Kafka 4.1.1 broker: poison records in the same batch as good ones (an amount that
 * overflows numeric(16,2), a 1e999999999 exponent, NUL in a string, raw NUL bytes, a value the database itself
 * refuses) — the good ones land, each bad one is stored as a reject with its reason, and the consumer moves on; an
 * Error thrown in one iteration does not end the consumer's loop.
 */
class KafkaPoisonRecordTest {
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker(Path.of("target", "kafka-poison-" + System.nanoTime()));
        broker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Map<String, String> config(String topic) {
        Map<String, String> config = new HashMap<>(TestDatabase.config("analysis_poison"));
        config.put("kafka.bootstrap.servers", broker.bootstrap());
        config.put("bi.kafka.topic.orders", topic);
        config.put("bi.kafka.topic.partitions", "1");
        config.put("bi.kafka.max.poll.records", "5000");
        config.put("bi.worker.backoff.min", "10ms");
        config.put("bi.worker.backoff.max", "200ms");
        config.put("bi.worker.stop.timeout", "2s");
        config.put("bi.worker.unhealthy.after", "1s");
        return config;
    }

    private static OrderEvent order(String tenant, String id) {
        return new OrderEvent(tenant, "IT", id, "shop-1", "TMALL", Instant.parse("2024-06-18T02:00:00Z"),
                Instant.parse("2024-06-18T02:00:00Z"), "PAID", "", new BigDecimal("10.00"), null, null, null,
                Instant.parse("2024-06-18T02:00:00Z"), 1, List.of(new OrderLine("SKU-1", "tea", 1, new BigDecimal("10.00"), null)));
    }

    private static void produce(String topic, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void poisonRecordsAmongGoodOnesInOneBatchAreRejectedAndTheConsumerMovesOn() throws Exception {
        String topic = "orders-poison";
        String tenant = "t-poison";
        KafkaTopics.ensure(broker.bootstrap(), topic, 1, (short) 1);
        String good = new String(OrderCodec.toJson(order(tenant, "G-TEMPLATE")), StandardCharsets.UTF_8);
        Map<String, String> poison = new HashMap<>();
        poison.put("P-OVERFLOW", good.replace("G-TEMPLATE", "P-OVERFLOW").replace("\"pay_amount\":10.00", "\"pay_amount\":1e15"));
        poison.put("P-EXPONENT", good.replace("G-TEMPLATE", "P-EXPONENT").replace("\"pay_amount\":10.00", "\"pay_amount\":1e999999999"));
        poison.put("P-NUL", good.replace("G-TEMPLATE", "P-NUL").replace("\"shop-1\"", "\"shop\\u0000\""));
        poison.put("P-RAWNUL", "{\"tenant_id\":\"" + tenant + "\",\u0000\"source\":\"IT\"}");
        poison.put("P-DB", good.replace("G-TEMPLATE", "DB-POISON"));
        for (Map.Entry<String, String> p : poison.entrySet()) {
            assertThat(p.getKey(), p.getValue().equals(good.replace("G-TEMPLATE", p.getKey())), is(false));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        int goodCount = 0;
        for (int i = 0; i < 50; i++) {
            records.add(new ProducerRecord<>(topic, tenant + "|IT|G-" + i, OrderCodec.toJson(order(tenant, "G-" + i))));
            goodCount++;
            if (i % 10 == 5) {
                for (Map.Entry<String, String> p : poison.entrySet()) {
                    if (p.getKey().hashCode() % 5 == (i / 10) % 5 || i == 45) {
                        records.add(new ProducerRecord<>(topic, tenant + "|IT|" + p.getKey(), p.getValue().getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        long poisonCount = records.size() - goodCount;
        produce(topic, records);

        ServiceUnderTest service = ServiceUnderTest.of(new AnalysisService()).config(config(topic)).start();
        Jdbc jdbc = service.platform().jdbc();
        try {
            // a value no validation rule knows but the database refuses (as a column bound or a new constraint would)
            jdbc.update("ALTER TABLE order_fact ADD CONSTRAINT it_poison CHECK (external_order_id <> 'DB-POISON')");
            KafkaOrderConsumer consumer = service.startWorkers().worker(KafkaOrderConsumer.class);
            await("the good orders land", () -> jdbc.count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant) == 50);
            await("every poison record is a reject", () -> jdbc.count("SELECT count(*) FROM ingest_reject") == poisonCount);
            String reasons = String.join("\n", jdbc.list("SELECT reason FROM ingest_reject ORDER BY id", row -> row.getString(1)));
            assertThat(reasons, containsString("pay_amount"));
            assertThat(reasons, containsString("shop_id"));
            assertThat(reasons, containsString("it_poison"));
            assertThat(reasons, containsString("not an order event"));
            // stored even though they carried NUL: made printable
            assertThat(jdbc.count("SELECT count(*) FROM ingest_reject WHERE payload LIKE '%\\u0000%'"), greaterThan(0L));

            // the consumer moved on: later records land too
            produce(topic, List.of(new ProducerRecord<>(topic, tenant + "|IT|G-LATE", OrderCodec.toJson(order(tenant, "G-LATE")))));
            await("a later record lands", () -> jdbc.count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant) == 51);
            assertThat(service.workers().healthy(), is(true));
            assertThat(consumer.rejected(), is(poisonCount));
        } finally {
            service.close();
        }
    }

    @Test
    void anErrorInOneIterationDoesNotEndTheConsumersLoop() throws Exception {
        String topic = "orders-fault";
        String tenant = "t-fault";
        KafkaTopics.ensure(broker.bootstrap(), topic, 1, (short) 1);
        ServiceUnderTest service = ServiceUnderTest.of(new AnalysisService()).config(config(topic)).start();
        Jdbc jdbc = service.platform().jdbc();
        try {
            KafkaOrderConsumer consumer = service.worker(KafkaOrderConsumer.class);
            AtomicInteger faults = new AtomicInteger(2);
            AtomicBoolean persistent = new AtomicBoolean();
            consumer.afterDatabaseCommit(() -> {
                if (persistent.get()) {
                    throw new IllegalStateException("injected persistent fault");
                }
                if (faults.getAndDecrement() > 0) {
                    // the old consumer's thread ended on an Error (and on a failed seek) and nobody noticed
                    throw new OutOfMemoryError("injected into one iteration of the consumer");
                }
            });
            service.startWorkers();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                records.add(new ProducerRecord<>(topic, tenant + "|IT|F-" + i, OrderCodec.toJson(order(tenant, "F-" + i))));
            }
            produce(topic, records);
            await("the orders land after the injected Errors", () -> jdbc.count(
                    "SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant) == 20);
            await("the batch is confirmed after the Errors", () -> consumer.consumed() >= 20);
            assertThat(faults.get() < 0, is(true));
            produce(topic, List.of(new ProducerRecord<>(topic, tenant + "|IT|F-LATE", OrderCodec.toJson(order(tenant, "F-LATE")))));
            await("the loop still runs", () -> jdbc.count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant) == 21);
            assertThat(service.workers().healthy(), is(true));

            // a fault that persists makes the worker (and with it readiness) unhealthy, and it recovers once it is gone
            persistent.set(true);
            produce(topic, List.of(new ProducerRecord<>(topic, tenant + "|IT|F-STUCK", OrderCodec.toJson(order(tenant, "F-STUCK")))));
            await("the worker unhealthy", () -> !service.workers().healthy());
            assertThat(service.workers().health().details().toString(), containsString("injected persistent fault"));
            persistent.set(false);
            await("the worker healthy again", () -> service.workers().healthy());
            // its offsets were never committed while the fault lasted: the batch is confirmed now
            await("the stuck batch confirmed", () -> consumer.consumed() >= 22);
            assertThat(jdbc.count("SELECT count(*) FROM order_fact WHERE tenant_id = ?", tenant), is(22L));
        } finally {
            service.close();
        }
    }
}
