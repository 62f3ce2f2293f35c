package com.bi.hostile;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.RouteRecorder;
import com.bi.common.testing.TestKits;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/**
 * The six services in one JVM, wired exactly as their {@code Main}s wire them, each on its own schema in the real
 * PostgreSQL, with the tenant check on against the real bi-tenant. Background work (Kafka, inbox processing,
 * scheduled syncs) stays off so that a table changes only through the request under test.
 */
final class Platform implements AutoCloseable {
    static final String OPERATOR_PASSWORD = "Operator-Hostile-Pw-2026!";

    /** A running service: its kit, server, wiring (replayed into a {@link RouteRecorder}) and tables. */
    record Node(String name, ServiceKit kit, WebServer server, Consumer<HttpRouting.Builder> http, Set<String> unaudited) {
        int httpPort() {
            return server.port();
        }

        int grpcPort() {
            return server.port(ServiceKit.GRPC_SOCKET);
        }

        String schema() {
            return kit.settings().optionalString("bi.db.schema").orElseThrow();
        }

        /** Per table: row count and a digest of every row, so an update is seen as well as an insert or delete. */
        Map<String, String> fingerprint() {
            DataSource ds = kit.database().dataSource();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = '" + schema() + "' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                        + "AND c.relname <> 'flyway_schema_history' ORDER BY 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                Map<String, String> out = new LinkedHashMap<>();
                if (tables.isEmpty()) {
                    return out;
                }
                StringBuilder sql = new StringBuilder();
                for (String table : tables) {
                    if (unaudited.contains(table)) {
                        continue;
                    }
                    if (!sql.isEmpty()) {
                        sql.append(" UNION ALL ");
                    }
                    sql.append("SELECT '").append(table).append("', count(*) || ' rows ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \"")
                            .append(schema()).append("\".\"").append(table).append("\" t");
                }
                try (ResultSet rs = s.executeQuery(sql.toString())) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(name + ": cannot fingerprint the tables: " + e.getMessage(), e);
            }
        }

        ManagedChannel channel() {
            return NettyChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().maxInboundMessageSize(16 << 20).build();
        }
    }

    private record Wiring(Consumer<HttpRouting.Builder> http, Consumer<GrpcRouting.Builder> grpc) {
    }

    final List<Node> nodes = new ArrayList<>();

    Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private Node start(String service, Map<String, String> config, Set<String> unaudited, Function<ServiceKit, Wiring> wire) {
        ServiceKit kit = TestKits.withDatabase(service, config);
        Wiring wiring = wire.apply(kit);
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, wiring.http(), wiring.grpc());
        WebServer server = builder.build().start();
        kit.attach(server);
        Node node = new Node(service, kit, server, wiring.http(), unaudited);
        nodes.add(node);
        return node;
    }

    static Platform start() {
        Platform p = new Platform();
        Map<String, String> common = new HashMap<>();
        common.put("bi.tenant.status.check", "true");
        // real tenant checks, with room for a busy CI machine (a slow answer must not turn into a 503 here)
        common.put("bi.tenant.status.ttl", "30s");
        common.put("bi.tenant.status.timeout", "10s");
        common.put("bi.peers.tenant.timeout", "10s");
        common.put("bi.log.level", "WARN");
        Node tenant = p.start("bi-tenant", common, Set.of(), kit -> {
            var tenants = com.bi.tenant.Main.tenants(kit);
            return new Wiring(r -> com.bi.tenant.Main.routing(r, tenants), g -> com.bi.tenant.Main.grpc(g, tenants));
        });
        common.put("bi.peers.tenant.address", "127.0.0.1:" + tenant.grpcPort());

        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        // the corpus logs in once and uses that token for the whole run, which can outlast the default 15 minutes
        sysConfig.put("bi.jwt.access.ttl", "12h");
        // a refused login is recorded on purpose (audit trail, lockout counter): those two tables may change on a refusal
        p.start("bi-sys", sysConfig, Set.of("audit_events", "login_failures"), kit -> {
            var sys = com.bi.sys.Main.sys(kit, null);
            return new Wiring(r -> com.bi.sys.Main.routing(r, sys), g -> com.bi.sys.Main.grpc(g, sys));
        });
        p.start("bi-basic", common, Set.of(), kit -> {
            var data = com.bi.basic.Main.masterData(kit);
            return new Wiring(r -> com.bi.basic.Main.routing(r, data), g -> com.bi.basic.Main.grpc(g, data));
        });
        Node analysis = p.start("bi-analysis", common, Set.of(), kit -> {
            var a = com.bi.analysis.Main.analysis(kit);
            return new Wiring(r -> com.bi.analysis.Main.routing(r, a), g -> com.bi.analysis.Main.grpc(g, a));
        });
        Map<String, String> connectors = new HashMap<>(common);
        connectors.put("bi.peers.analysis.address", "127.0.0.1:" + analysis.grpcPort());
        connectors.put("bi.leke.inbox.enabled", "false");
        p.start("bi-api-leke", connectors, Set.of(), kit -> {
            com.bi.leke.Main.publicPaths(kit);
            var inbox = com.bi.leke.Main.inbox(kit);
            var verifier = com.bi.leke.Main.verifier(kit);
            return new Wiring(r -> com.bi.leke.Main.routing(kit, r, inbox, verifier), com.bi.leke.Main::grpc);
        });
        Map<String, String> jushuitan = new HashMap<>(connectors);
        // syncs are queued jobs whose workers stay off here; if one runs it fails fast instead of waiting on retries
        jushuitan.put("bi.jushuitan.retries", "0");
        jushuitan.put("bi.jushuitan.backoff", "0s");
        jushuitan.put("bi.jushuitan.rate.backoff", "0s");
        jushuitan.put("bi.jushuitan.min.interval", "0s");
        jushuitan.put("bi.jushuitan.timeout", "500ms");
        p.start("bi-api-jushuitan", jushuitan, Set.of(), kit -> {
            var sink = com.bi.orders.sink.OrderSinks.create(kit);
            var wired = com.bi.jushuitan.Main.wire(kit, sink, Clock.systemUTC());
            kit.onShutdown(sink::close);
            return new Wiring(r -> com.bi.jushuitan.Main.routing(kit, r, wired), com.bi.jushuitan.Main::grpc);
        });
        return p;
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).kit().close();
        }
    }
}
