package com.bi.analysis.data;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.analysis.domain.IngestResult;
import com.bi.analysis.domain.OrderStore;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes the order topic: each poll's records become ONE database transaction (facts + rollups + rejects), and
 * the offsets are committed only after that transaction committed. A crash between the two re-delivers the batch,
 * which the last-modified-wins upsert ignores (no double count); a failed transaction rewinds to the batch's first
 * offsets and retries with backoff (nothing skipped). Malformed records are kept in {@code ingest_reject}.
 */
public final class KafkaOrderConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaOrderConsumer.class.getName());

    private final KafkaConsumer<String, byte[]> consumer;
    private final OrderStore store;
    private final String topic;
    private final BooleanSupplier draining;
    private final Thread thread;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;
    /** Test hook: runs after the database commit and before the offset commit of each batch. */
    private volatile Runnable afterDatabaseCommit = () -> { };

    public KafkaOrderConsumer(String bootstrap, String topic, String groupId, int maxPollRecords, OrderStore store,
                              BooleanSupplier draining) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.topic = topic;
        this.draining = draining;
        this.thread = Thread.ofPlatform().name("kafka-orders-consumer").daemon(true).unstarted(this::run);
    }

    public KafkaOrderConsumer start() {
        consumer.subscribe(List.of(topic));
        thread.start();
        return this;
    }

    public void afterDatabaseCommit(Runnable hook) {
        this.afterDatabaseCommit = hook;
    }

    public long consumed() {
        return consumed.get();
    }

    public long applied() {
        return applied.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        long backoff = 200;
        try {
            while (running && !draining.getAsBoolean()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, Long> firstOffsets = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                Map<String, List<OrderEvent>> byTenant = new LinkedHashMap<>();
                List<OrderStore.Reject> rejects = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    firstOffsets.putIfAbsent(partition, record.offset());
                    commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    try {
                        OrderEvent event = OrderCodec.fromJson(record.value() == null ? new byte[0] : record.value());
                        byTenant.computeIfAbsent(event.tenantId(), t -> new ArrayList<>()).add(event);
                    } catch (IllegalArgumentException e) {
                        String key = record.key() == null ? "" : record.key();
                        String tenant = key.contains("|") ? key.substring(0, key.indexOf('|')) : null;
                        rejects.add(new OrderStore.Reject(tenant, "kafka " + partition + "@" + record.offset(), e.getMessage(),
                                record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
                try {
                    IngestResult result = store.ingest(byTenant, rejects);
                    afterDatabaseCommit.run();
                    consumer.commitSync(commit);
                    consumed.addAndGet(records.count());
                    applied.addAndGet(result.applied());
                    backoff = 200;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.log(Level.WARNING, "order batch of " + records.count() + " failed; rewinding and retrying in "
                            + backoff + " ms: " + e.getMessage(), e);
                    firstOffsets.forEach(consumer::seek);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "the order consumer stopped", e);
        } finally {
            try {
                consumer.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing the consumer", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
