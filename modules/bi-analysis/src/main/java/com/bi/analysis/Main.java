package com.bi.analysis;

import java.util.Optional;
import java.util.logging.Logger;

import com.bi.analysis.api.AnalysisGrpcService;
import com.bi.analysis.api.AnalysisRoutes;
import com.bi.analysis.data.JdbcMetricQueries;
import com.bi.analysis.data.JdbcOrderStore;
import com.bi.analysis.data.KafkaOrderConsumer;
import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.Analysis;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.server.ServiceKit;
import com.bi.orders.sink.KafkaTopics;
import com.bi.orders.sink.OrderSinks;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-analysis: order facts, daily rollups, the metric query engine. HTTP 8006, gRPC 9006. */
public final class Main {
    public static final String NAME = "bi-analysis";
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        Analysis analysis = analysis(kit);
        WebServer server = kit.serve(routing -> routing(routing, analysis), grpc -> grpc(grpc, analysis));
        consumer(kit, analysis).ifPresent(consumer -> kit.onShutdown(consumer::close));
        return server;
    }

    /** The use cases over PostgreSQL (the kit starts the pool and runs the migrations). */
    public static Analysis analysis(ServiceKit kit) {
        Jdbc jdbc = kit.jdbc();
        TenantSettings zones = new TenantSettings(jdbc, kit.settings().string("bi.analysis.default.time.zone", TenantSettings.DEFAULT_ZONE));
        return new Analysis(new JdbcOrderStore(kit.database().dataSource(), jdbc, zones), new JdbcMetricQueries(jdbc, zones), zones);
    }

    /**
     * The order-topic consumer, when {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}) is set:
     * group {@code bi.kafka.group} (default bi-analysis), topic {@code bi.kafka.topic.orders} (default bi.orders.v1).
     */
    public static Optional<KafkaOrderConsumer> consumer(ServiceKit kit, Analysis analysis) {
        Settings settings = kit.settings();
        return OrderSinks.kafkaBootstrap(settings).map(bootstrap -> {
            String topic = OrderSinks.topic(settings);
            KafkaTopics.ensure(bootstrap, topic, settings.intInRange("bi.kafka.topic.partitions", 6, 1, 1000),
                    (short) settings.intInRange("bi.kafka.topic.replication", 1, 1, 5));
            KafkaOrderConsumer consumer = new KafkaOrderConsumer(bootstrap, topic, settings.string("bi.kafka.group", NAME),
                    settings.intInRange("bi.kafka.max.poll.records", 2000, 1, 50_000), analysis.store(),
                    () -> kit.lifecycle().draining()).start();
            LOG.info(() -> "consuming " + topic + " from " + bootstrap);
            return consumer;
        });
    }

    public static void routing(HttpRouting.Builder routing, Analysis analysis) {
        AnalysisRoutes.register(routing, analysis);
    }

    public static void grpc(GrpcRouting.Builder grpc, Analysis analysis) {
        grpc.service(new AnalysisGrpcService(analysis));
    }
}
