package com.bi.orders.sink;

import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** The order topic shared by the connectors (producers) and bi-analysis (consumer). */
public record KafkaOptions(Optional<String> bootstrapServers, String topic, int partitions, short replication,
                           Duration ackTimeout) {
    public static final Option<String> BOOTSTRAP_SERVERS = Option.string("kafka.bootstrap.servers", null,
            "Kafka brokers; unset: connectors call bi-analysis's gRPC Ingest directly");
    public static final Option<String> TOPIC = Option.string("bi.kafka.topic.orders", "bi.orders.v1", "the order topic");
    public static final Option<Integer> PARTITIONS = Option.integer("bi.kafka.topic.partitions", 6, 1, 1000,
            "partitions when the topic is created");
    public static final Option<Integer> REPLICATION = Option.integer("bi.kafka.topic.replication", 1, 1, 5,
            "replication factor when the topic is created");
    public static final Option<Duration> ACK_TIMEOUT = Option.duration("bi.kafka.ack.timeout", Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofMinutes(10), "how long a producer waits for the brokers to acknowledge a batch");

    public static final OptionGroup GROUP = OptionGroup.of("kafka", "Order topic (Kafka)", BOOTSTRAP_SERVERS, TOPIC,
            PARTITIONS, REPLICATION, ACK_TIMEOUT);

    public static KafkaOptions from(Settings s) {
        return new KafkaOptions(s.optional(BOOTSTRAP_SERVERS), s.get(TOPIC), s.get(PARTITIONS),
                s.get(REPLICATION).shortValue(), s.get(ACK_TIMEOUT));
    }
}
