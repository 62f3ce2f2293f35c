package com.bi.nacos;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;

/** One config client and one naming client per Nacos connection, shared by the providers of a process. */
public final class NacosClients {
    private static final Map<String, ConfigService> CONFIG = new ConcurrentHashMap<>();
    private static final Map<String, NamingService> NAMING = new ConcurrentHashMap<>();

    static {
        // the client's own snapshots and logs stay out of ~ (a read-only root filesystem in the chart)
        System.setProperty("nacos.logging.default.config.enabled", "false");
        System.setProperty("nacos.logging.config", "");
    }

    private NacosClients() {
    }

    /** The 2.x client reads its snapshot directory from a system property only (default ~/nacos): keep it in the cache dir. */
    private static void snapshotDir(NacosOptions options) {
        if (System.getProperty("JM.SNAPSHOT.PATH") == null) {
            System.setProperty("JM.SNAPSHOT.PATH", options.cacheDir().resolve("client").toAbsolutePath().toString());
        }
    }

    public static ConfigService config(NacosOptions options) {
        snapshotDir(options);
        return CONFIG.computeIfAbsent(options.connectionKey(), k -> {
            try {
                return NacosFactory.createConfigService(options.clientProperties());
            } catch (NacosException e) {
                throw new IllegalStateException("cannot create a Nacos config client for " + options + ": " + e.getErrMsg(), e);
            }
        });
    }

    public static NamingService naming(NacosOptions options) {
        snapshotDir(options);
        return NAMING.computeIfAbsent(options.connectionKey(), k -> {
            try {
                return NacosFactory.createNamingService(options.clientProperties());
            } catch (NacosException e) {
                throw new IllegalStateException("cannot create a Nacos naming client for " + options + ": " + e.getErrMsg(), e);
            }
        });
    }

    /** Closes every client (tests use it between scenarios). */
    public static synchronized void closeAll() {
        CONFIG.values().forEach(c -> {
            try {
                c.shutDown();
            } catch (NacosException | RuntimeException ignored) {
                // closing anyway
            }
        });
        NAMING.values().forEach(n -> {
            try {
                n.shutDown();
            } catch (NacosException | RuntimeException ignored) {
                // closing anyway
            }
        });
        CONFIG.clear();
        NAMING.clear();
    }
}
