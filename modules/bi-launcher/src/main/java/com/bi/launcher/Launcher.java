package com.bi.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.Settings;
import com.bi.common.data.EmbeddedDatabase;
import com.bi.common.server.Service;

/**
 * One local platform: the embedded PostgreSQL (its data in the data directory), every registered service in this
 * JVM, the dev edge, and the demo on the first start. {@link #close} stops them in reverse: edge, services (two-phase,
 * in parallel), database.
 */
public final class Launcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Launcher.class.getName());
    /** Written once the demo is complete; its presence skips the demo on later starts (the seed is idempotent anyway). */
    static final String DEMO_MARKER = "demo.seeded";

    private final LauncherOptions options;
    private final ServicePorts ports;
    private EmbeddedDatabase database;
    private LocalPlatform platform;
    private Edge edge;
    private boolean closed;
    private boolean reusedData;
    private DemoSeed.Report demo;

    public Launcher(LauncherOptions options, ServicePorts ports) {
        this.options = options;
        this.ports = ports;
    }

    /** Starts everything and returns when the platform is ready (the demo made, on a first start). */
    public synchronized void start(long launchedNanos) {
        LocalSecrets secrets = LocalSecrets.loadOrCreate(options.dataDir());
        Path pgData = options.dataDir().resolve("postgres");
        reusedData = Files.exists(pgData.resolve("PG_VERSION"));
        database = ServiceLoader.load(EmbeddedDatabase.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL (bi-embedded-db) is not on the class path"))
                .start(pgData);
        LOG.info(() -> "PostgreSQL " + (reusedData ? "reused" : "created") + " in " + pgData);
        LocalPlatform.DatabaseAccess db = new LocalPlatform.DatabaseAccess(database.jdbcUrl(), database.user(), database.password());

        List<Service> services = LocalPlatform.registered();
        platform = LocalPlatform.start(services, name -> serviceSettings(name, ports, db, secrets), launchedNanos);
        edge = Edge.start(Edge.catalogRoutes(ports), options.host(), options.port());
        LOG.info(() -> "edge listening on " + options.host() + ":" + edge.port());

        Path marker = options.dataDir().resolve(DEMO_MARKER);
        if (options.demo() && !Files.exists(marker)) {
            if (!platform.allReady()) {
                LOG.warning("not every service started: no demo data this time (it is made on the next start)");
                return;
            }
            demo = seed(secrets);
            try {
                Files.writeString(marker, "demo made " + Instant.now() + ": " + demo + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.warning("could not write " + marker + " (the demo is checked again on the next start): " + e.getMessage());
            }
        }
    }

    /** The demo, through the edge like any client (the seed is idempotent; the marker only saves time). */
    DemoSeed.Report seed(LocalSecrets secrets) {
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        DemoSeed seed = new DemoSeed(edgeUri(), secrets.operatorPassword(), seedSettings(ports, secrets), options.orders(), yesterday);
        long started = System.nanoTime();
        DemoSeed.Report report = seed.run(LOG::info);
        LOG.info(() -> "demo made in " + StatusTable.seconds(Duration.ofNanos(System.nanoTime() - started)) + ": " + report);
        return report;
    }

    /** What the seed signs its Ingest token with and where it finds bi-analysis. */
    static Settings seedSettings(ServicePorts ports, LocalSecrets secrets) {
        Map<String, String> settings = new HashMap<>(ports.peerAddresses());
        settings.put("bi.jwt.secret", secrets.jwtSecret());
        settings.put("deploy.env", "dev");
        return new Settings(ConfigLoader.load(settings, Map.of()));
    }

    /** What each service is told above its own files: database, secrets, loopback ports, its peers' addresses. */
    static Map<String, String> serviceSettings(String service, ServicePorts ports, LocalPlatform.DatabaseAccess db,
                                               LocalSecrets secrets) {
        Map<String, String> settings = new HashMap<>(ports.peerAddresses());
        ServicePorts.Ports own = ports.of(service);
        settings.put("deploy.env", "dev");
        settings.put("server.host", "127.0.0.1");
        settings.put("server.port", String.valueOf(own.http()));
        settings.put("bi.grpc.port", String.valueOf(own.grpc()));
        settings.put("bi.db.url", db.url());
        settings.put("bi.db.user", db.user());
        settings.put("bi.db.password", db.password());
        settings.put("bi.jwt.secret", secrets.jwtSecret());
        settings.put("bi.crypto.key", secrets.cryptoKey());
        if (service.equals("bi-sys")) {
            // bi-sys creates the operator platform/admin with it on its first start (and never changes an existing one)
            settings.put("bi.bootstrap.admin.password", secrets.operatorPassword());
        }
        return settings;
    }

    public URI edgeUri() {
        return URI.create("http://" + (options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host()) + ":" + edge.port());
    }

    public LocalPlatform platform() {
        return platform;
    }

    public boolean reusedData() {
        return reusedData;
    }

    public DemoSeed.Report demo() {
        return demo;
    }

    /**
     * The memory of this JVM (resident) and of PostgreSQL (its postmaster, named in {@code postmaster.pid}, and the
     * postmaster's backends: proportional set size, so the shared buffers every backend maps count once), in MiB;
     * -1 where not readable (not Linux).
     */
    long[] memoryMiB() {
        long own = procKiB(ProcessHandle.current().pid(), "status", "VmRSS:");
        long postgres = -1;
        try {
            String pid = Files.readAllLines(options.dataDir().resolve("postgres").resolve("postmaster.pid")).get(0).trim();
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
            postgres = procKiB(postmaster.pid(), "smaps_rollup", "Pss:") + postmaster.descendants()
                    .mapToLong(p -> Math.max(0, procKiB(p.pid(), "smaps_rollup", "Pss:"))).sum();
        } catch (IOException | RuntimeException e) {
            // not readable here: shown as -1
        }
        return new long[] {own < 0 ? -1 : own / 1024, postgres < 0 ? -1 : postgres / 1024};
    }

    /** A "Name:  123 kB" line of /proc/<pid>/<file>, in KiB; -1 when not readable. */
    private static long procKiB(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Milliseconds since this JVM started. */
    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** Edge first (no new requests), then the services (each drains its in-flight requests), then the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (edge != null) {
            edge.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
