package com.bi.orders.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Order events onto the topic, keyed by tenant + source + order id, with an idempotent producer (acks=all,
 * enable.idempotence): a retried send is written once per partition. {@link #publish} waits for every ack.
 */
public final class KafkaOrderSink implements OrderSink {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long ackTimeoutMs;

    public KafkaOrderSink(String bootstrapServers, String topic, String clientId, long ackTimeoutMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(ackTimeoutMs, 30_000)));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    @Override
    public void publish(String tenantId, List<OrderEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (OrderEvent event : events) {
            if (!tenantId.equals(event.tenantId())) {
                throw new IllegalArgumentException("an event of tenant " + event.tenantId() + " in a batch for " + tenantId);
            }
            acks.add(producer.send(new ProducerRecord<>(topic, event.key(), OrderCodec.toJson(event))));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                throw new RejectedOrdersException("Kafka refused an order event: " + e.getCause().getMessage(), e.getCause());
            }
            throw new IllegalStateException("Kafka did not take the order events: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the order events in " + ackTimeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public String kind() {
        return "kafka";
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
