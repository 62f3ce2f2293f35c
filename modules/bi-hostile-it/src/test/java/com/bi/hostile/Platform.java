package com.bi.hostile;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.chat.ChatService;
import com.bi.common.server.Service;
import com.bi.common.testing.RouteRecorder;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.jushuitan.JushuitanService;
import com.bi.leke.LekeService;
import com.bi.notify.NotifyService;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.server.ServerService;
import com.bi.sys.SysService;
import com.bi.template.TemplateService;
import com.bi.tenant.TenantService;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.webserver.http.HttpRouting;

/**
 * The eleven services in one JVM, each built from the declaration its {@code Main} runs, each on its own schema in the real
 * PostgreSQL, with the tenant check on against the real bi-tenant. Background work (Kafka, inbox processing,
 * scheduled syncs) stays off — workers are not started, the inbox is disabled — so that a table changes only through
 * the request under test.
 */
final class Platform implements AutoCloseable {
    static final String OPERATOR_PASSWORD = "Operator-Hostile-Pw-2026!";

    /** A running service: the service under test, its routes (replayed into a {@link RouteRecorder}) and tables. */
    record Node(String name, ServiceUnderTest service, Set<String> unaudited, boolean hasDatabase) {
        int httpPort() {
            return service.port();
        }

        int grpcPort() {
            return service.grpcPort();
        }

        /** The service's own HTTP routes, as its declaration wires them. */
        Consumer<HttpRouting.Builder> http() {
            return service.runtime().wiring()::routing;
        }

        String schema() {
            return service.platform().settings().optionalString("bi.db.schema").orElseThrow();
        }

        /** Per table: row count and a digest of every row, so an update is seen as well as an insert or delete. */
        Map<String, String> fingerprint() {
            if (!hasDatabase) {
                return Map.of(); // a service without a database (bi-server) has nothing to write
            }
            DataSource ds = service.platform().database().dataSource();
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

    final List<Node> nodes = new ArrayList<>();

    Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private Node start(Service service, Map<String, String> config, Set<String> unaudited) {
        return start(ServiceUnderTest.of(service).withDatabase(), service, config, unaudited, true);
    }

    private Node start(ServiceUnderTest under, Service service, Map<String, String> config, Set<String> unaudited, boolean hasDatabase) {
        Node node = new Node(service.name(), under.config(config).start(), unaudited, hasDatabase);
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
        Node tenant = p.start(new TenantService(), common, Set.of());
        common.put("bi.peers.tenant.address", "127.0.0.1:" + tenant.grpcPort());

        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        // the corpus logs in once and uses that token for the whole run, which can outlast the default 15 minutes
        sysConfig.put("bi.jwt.access.ttl", "12h");
        // a refused login is recorded on purpose (audit trail, lockout counter): those two tables may change on a refusal
        p.start(new SysService(), sysConfig, Set.of("audit_events", "login_failures"));
        Node basic = p.start(new BasicService(), common, Set.of());
        Node analysis = p.start(new AnalysisService(), common, Set.of());
        Map<String, String> connectors = new HashMap<>(common);
        connectors.put("bi.peers.analysis.address", "127.0.0.1:" + analysis.grpcPort());
        connectors.put("bi.leke.inbox.enabled", "false");
        p.start(new LekeService(), connectors, Set.of());
        Map<String, String> jushuitan = new HashMap<>(connectors);
        // syncs are queued jobs whose workers stay off here; if one runs it fails fast instead of waiting on retries
        jushuitan.put("bi.jushuitan.retries", "0");
        jushuitan.put("bi.jushuitan.backoff", "0s");
        jushuitan.put("bi.jushuitan.rate.backoff", "0s");
        jushuitan.put("bi.jushuitan.min.interval", "0s");
        jushuitan.put("bi.jushuitan.timeout", "500ms");
        p.start(new JushuitanService(), jushuitan, Set.of());

        // the services of issues 13/14, with the peers they call (the bi-tenant check stays on for all of them)
        Map<String, String> withPeers = new HashMap<>(common);
        withPeers.put("bi.peers.analysis.address", "127.0.0.1:" + analysis.grpcPort());
        withPeers.put("bi.peers.basic.address", "127.0.0.1:" + basic.grpcPort());
        withPeers.put("bi.peers.analysis.timeout", "10s");
        withPeers.put("bi.peers.basic.timeout", "10s");
        Node plan = p.start(new PlanTaoxiService(), withPeers, Set.of());
        Node template = p.start(new TemplateService(), withPeers, Set.of());
        Map<String, String> notify = new HashMap<>(common);
        // no delivery workers: a queued message stays queued, so only the request under test writes. A channel test
        // is delivered in the request itself: it goes to a loopback port where nothing listens (refused at once)
        notify.put("bi.notify.workers", "0");
        notify.put("bi.notify.outbound.schemes", "http,https");
        notify.put("bi.notify.outbound.trusted.networks", "127.0.0.1/32");
        notify.put("bi.notify.timeout", "1s");
        p.start(new NotifyService(), notify, Set.of());
        // the expired-conversation sweeper is a declared worker: not started, like every worker here
        p.start(new ChatService(), withPeers, Set.of());
        Map<String, String> server = new HashMap<>(withPeers);
        server.put("bi.peers.plan.taoxi.address", "127.0.0.1:" + plan.grpcPort());
        server.put("bi.peers.plan.taoxi.timeout", "10s");
        server.put("bi.peers.template.address", "127.0.0.1:" + template.grpcPort());
        server.put("bi.peers.template.timeout", "10s");
        // bi-server has no database: its answer cache is the in-process one (no Redis configured)
        p.start(ServiceUnderTest.of(new ServerService()), new ServerService(), server, Set.of(), false);
        return p;
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).service().close();
        }
    }
}
