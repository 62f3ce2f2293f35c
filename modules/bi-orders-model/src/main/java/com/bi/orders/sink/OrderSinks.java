package com.bi.orders.sink;

import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.Settings;
import com.bi.common.server.Catalog;
import com.bi.common.server.Platform;

/**
 * Chooses a connector's sink from config: Kafka when {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS})
 * is set, else a direct gRPC call to bi-analysis's {@code Ingest} ({@code bi.peers.analysis.address}), so
 * {@code java -jar} needs nothing else running but bi-analysis.
 */
public final class OrderSinks {
    public static final String TOPIC_KEY = "bi.kafka.topic.orders";
    public static final String DEFAULT_TOPIC = "bi.orders.v1";

    private OrderSinks() {
    }

    public static Optional<String> kafkaBootstrap(Settings settings) {
        return settings.optionalString("kafka.bootstrap.servers");
    }

    public static String topic(Settings settings) {
        return settings.string(TOPIC_KEY, DEFAULT_TOPIC);
    }

    public static OrderSink create(Platform platform) {
        Settings settings = platform.settings();
        Optional<String> bootstrap = kafkaBootstrap(settings);
        if (bootstrap.isPresent()) {
            KafkaTopics.ensure(bootstrap.get(), topic(settings), settings.intInRange("bi.kafka.topic.partitions", 6, 1, 1000),
                    (short) settings.intInRange("bi.kafka.topic.replication", 1, 1, 5));
            long ack = settings.duration("bi.kafka.ack.timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(10)).toMillis();
            return new KafkaOrderSink(bootstrap.get(), topic(settings), platform.name(), ack);
        }
        return new GrpcOrderSink(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"),
                platform.serviceTokens());
    }
}
