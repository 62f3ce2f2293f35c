package com.bi.orders.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.Settings;
import com.bi.common.peers.Peers;
import com.bi.common.security.ServiceTokens;
import com.bi.common.server.Catalog;
import com.bi.common.tracing.Tracing;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.GrpcOrderSink;

/**
 * Loads generated orders (deterministic by seed) into a running bi-analysis over gRPC {@code Ingest}, as a connector
 * would: {@code DemoLoad <tenant> <orders> <from yyyy-mm-dd> <to yyyy-mm-dd> [seed]}. The target is
 * {@code BI_PEERS_ANALYSIS_ADDRESS} (default localhost:9006); the token is signed with {@code BI_JWT_SECRET} (the
 * development secret when unset). Used by {@code scripts/demo-analysis.sh}.
 */
public final class DemoLoad {
    private static final int BATCH = 2000;

    private DemoLoad() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: DemoLoad <tenant> <orders> <from yyyy-mm-dd> <to yyyy-mm-dd> [seed]");
            System.exit(2);
        }
        String tenant = args[0];
        long count = Long.parseLong(args[1]);
        LocalDate from = LocalDate.parse(args[2]);
        LocalDate to = LocalDate.parse(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42L;

        Settings settings = new Settings(ConfigLoader.load(Map.of(), System.getenv()));
        try (Tracing tracing = Tracing.create("bi-demo", "dev", settings);
             Peers peers = new Peers(settings, () -> settings, tracing)) {
            GrpcOrderSink sink = new GrpcOrderSink(peers.channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"),
                    new ServiceTokens(settings, "bi-demo"));
            DemoData data = new DemoData(seed, tenant, "LEKE");
            long started = System.nanoTime();
            long sent = 0;
            List<OrderEvent> batch = new ArrayList<>(BATCH);
            for (var it = data.orders(from, to, count).iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    sink.publish(tenant, batch);
                    sent += batch.size();
                    batch.clear();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("loaded %d orders of tenant %s (%s .. %s, %d shops, %d SKUs) in %.1f s = %.0f orders/s%n",
                    sent, tenant, from, to, data.shops().size(), data.skus().size(), seconds, sent / seconds);
        }
    }
}
