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
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.analysis.domain.IngestResult;
import com.bi.analysis.domain.OrderStore;
import com.bi.analysis.domain.UnusableOrdersException;
import com.bi.common.work.Worker;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes the order topic as the kit {@link Worker} {@value #NAME}: each poll's records become ONE database
 * transaction (facts + rollups + rejects), and the offsets are committed only after that transaction committed. A
 * crash between the two re-delivers the batch, which the last-modified-wins upsert ignores (no double count).
 * <ul>
 *   <li>A record that is not a valid order (unparsable, out of bounds) is kept in {@code ingest_reject} with its
 *       reason and the batch goes on.</li>
 *   <li>When the database refuses the batch for what is in it ({@link UnusableOrdersException}), the batch is applied
 *       record by record: the good ones land, each refused one becomes a reject record, and the offsets move on.</li>
 *   <li>Any other failure (database down, lock timeout, an Error) rewinds to the batch's first offsets and is thrown to
 *       the kit, which logs, counts and retries with backoff; nothing is skipped. A partition revoked meanwhile is not
 *       rewound (its new owner reads from the committed offset); a rewind that fails is retried before the next poll,
 *       so the loop never reads past an unconfirmed batch.</li>
 * </ul>
 */
public final class KafkaOrderConsumer implements Worker {
    public static final String NAME = "kafka-orders";
    private static final Logger LOG = Logger.getLogger(KafkaOrderConsumer.class.getName());

    private final KafkaConsumer<String, byte[]> consumer;
    private final OrderStore store;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** Partitions still to be sought back to these offsets before the next poll. */
    private final Map<TopicPartition, Long> rewind = new HashMap<>();
    /** Test hook: runs after the database commit and before the offset commit of each batch. */
    private volatile Runnable afterDatabaseCommit = () -> { };

    private record Decoded(String origin, String tenant, OrderEvent event, String payload) {
    }

    public KafkaOrderConsumer(String bootstrap, String topic, String groupId, int maxPollRecords, OrderStore store) {
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
        this.consumer.subscribe(List.of(topic));
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
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

    public long rejected() {
        return rejected.get();
    }

    @Override
    public boolean runOnce() throws Exception {
        if (!rewind.isEmpty()) {
            seekBack();
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        List<Decoded> decoded = new ArrayList<>();
        List<OrderStore.Reject> rejects = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            firstOffsets.putIfAbsent(partition, record.offset());
            commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
            String origin = "kafka " + partition + "@" + record.offset();
            String payload = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            try {
                OrderEvent event = OrderCodec.fromJson(record.value() == null ? new byte[0] : record.value());
                decoded.add(new Decoded(origin, event.tenantId(), event, payload));
            } catch (IllegalArgumentException e) {
                String key = record.key() == null ? "" : record.key();
                rejects.add(new OrderStore.Reject(key.contains("|") ? key.substring(0, key.indexOf('|')) : null, origin,
                        e.getMessage(), payload));
            }
        }
        try {
            IngestResult result;
            try {
                result = store.ingest(byTenant(decoded), rejects);
            } catch (UnusableOrdersException refused) {
                LOG.warning("the database refused a batch of " + records.count() + " order(s) (" + refused.getMessage()
                        + "); applying it record by record");
                result = oneByOne(decoded, rejects);
            }
            afterDatabaseCommit.run();
            consumer.commitSync(commit);
            consumed.addAndGet(records.count());
            applied.addAndGet(result.applied());
            rejected.addAndGet(rejects.size());
            return true;
        } catch (Throwable e) {
            // nothing of this batch is confirmed: read it again (what was stored is ignored as a duplicate)
            rewind.putAll(firstOffsets);
            try {
                seekBack();
            } catch (RuntimeException seek) {
                e.addSuppressed(seek);
            }
            throw e;
        }
    }

    private static Map<String, List<OrderEvent>> byTenant(List<Decoded> decoded) {
        Map<String, List<OrderEvent>> byTenant = new LinkedHashMap<>();
        for (Decoded d : decoded) {
            byTenant.computeIfAbsent(d.tenant(), t -> new ArrayList<>()).add(d.event());
        }
        return byTenant;
    }

    /** Each record in its own transaction, in offset order; a refused one becomes a reject record with the reason. */
    private IngestResult oneByOne(List<Decoded> decoded, List<OrderStore.Reject> rejects) {
        IngestResult total = new IngestResult(0, 0);
        for (Decoded d : decoded) {
            try {
                total = total.plus(store.ingest(Map.of(d.tenant(), List.of(d.event())), List.of()));
            } catch (UnusableOrdersException refused) {
                rejects.add(new OrderStore.Reject(d.tenant(), d.origin(), refused.getMessage(), d.payload()));
            }
        }
        store.ingest(Map.of(), rejects);
        return total;
    }

    /** Seeks the partitions of an unconfirmed batch back; a partition no longer assigned is its new owner's to read. */
    private void seekBack() {
        var assigned = consumer.assignment();
        for (var it = rewind.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Long> entry = it.next();
            if (assigned.contains(entry.getKey())) {
                consumer.seek(entry.getKey(), entry.getValue());
            } else {
                LOG.log(Level.INFO, () -> entry.getKey() + " was revoked; its new owner reads it from the committed offset");
            }
            it.remove();
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        // a late stop may have interrupted this thread: leave the group cleanly anyway, or the partitions wait for
        // the session timeout before another member gets them
        Thread.interrupted();
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the consumer", e);
        }
    }
}
