package com.bi.orders.sink;

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
    public static final String TOPIC_KEY = KafkaOptions.TOPIC.key();
    public static final String DEFAULT_TOPIC = KafkaOptions.TOPIC.defaultValue().orElseThrow();

    private OrderSinks() {
    }

    public static Optional<String> kafkaBootstrap(Settings settings) {
        return settings.optional(KafkaOptions.BOOTSTRAP_SERVERS);
    }

    public static String topic(Settings settings) {
        return settings.get(KafkaOptions.TOPIC);
    }

    public static OrderSink create(Platform platform) {
        KafkaOptions kafka = KafkaOptions.from(platform.settings());
        if (kafka.bootstrapServers().isPresent()) {
            String bootstrap = kafka.bootstrapServers().get();
            KafkaTopics.ensure(bootstrap, kafka.topic(), kafka.partitions(), kafka.replication());
            return new KafkaOrderSink(bootstrap, kafka.topic(), platform.name(), kafka.ackTimeout().toMillis());
        }
        return new GrpcOrderSink(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"),
                platform.serviceTokens());
    }
}
