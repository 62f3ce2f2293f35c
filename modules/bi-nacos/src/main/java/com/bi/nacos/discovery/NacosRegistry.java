package com.bi.nacos.discovery;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;

import com.bi.common.spi.ServiceRegistry;
import com.bi.nacos.NacosClients;
import com.bi.nacos.NacosOptions;

/**
 * One ephemeral Nacos instance per process under the service name (e.g. {@code bi-basic}): ip and the HTTP port
 * (what APISIX's Nacos discovery routes to), the gRPC port in metadata {@code grpc.port} (what {@code nacos://}
 * peers dial), plus {@code http.port}, {@code version}, {@code env}, {@code track}. Health is the client's
 * heartbeat over its connection: a dead process drops out on its own.
 */
public final class NacosRegistry implements ServiceRegistry {
    private static final Logger LOG = Logger.getLogger(NacosRegistry.class.getName());
    public static final String GRPC_PORT = "grpc.port";
    public static final String HTTP_PORT = "http.port";

    private final NacosOptions options;
    private volatile com.alibaba.nacos.api.naming.pojo.Instance registered;
    private volatile String serviceName;

    NacosRegistry(NacosOptions options) {
        this.options = options;
    }

    @Override
    public void register(ServiceRegistry.Instance instance) {
        com.alibaba.nacos.api.naming.pojo.Instance nacos = new com.alibaba.nacos.api.naming.pojo.Instance();
        nacos.setIp(instance.host());
        nacos.setPort(instance.httpPort());
        nacos.setEphemeral(true);
        nacos.setHealthy(true);
        nacos.setEnabled(true);
        Map<String, String> metadata = new HashMap<>(instance.metadata());
        metadata.put(GRPC_PORT, Integer.toString(instance.grpcPort()));
        metadata.put(HTTP_PORT, Integer.toString(instance.httpPort()));
        nacos.setMetadata(metadata);
        registered = nacos;
        serviceName = instance.service();
        attempt(instance, nacos, 0);
    }

    /** Registers now, or — Nacos unreachable — keeps trying in the background (the service serves meanwhile). */
    private void attempt(ServiceRegistry.Instance instance, com.alibaba.nacos.api.naming.pojo.Instance nacos, int failures) {
        if (registered != nacos) {
            return; // deregistered meanwhile
        }
        try {
            NacosClients.naming(options).registerInstance(instance.service(), options.group(), nacos);
            LOG.info(() -> "registered " + instance.service() + " " + instance.host() + ":" + instance.httpPort()
                    + " (grpc " + instance.grpcPort() + ") in " + options + " " + nacos.getMetadata());
        } catch (NacosException | RuntimeException e) {
            String reason = e instanceof NacosException n ? n.getErrMsg() : e.getMessage();
            if (failures == 0) {
                LOG.warning(() -> "cannot register " + instance.service() + " in " + options + " (" + reason
                        + "); retrying in the background");
            }
            long delay = Math.min(30, 1L << Math.min(failures, 5));
            RETRY.schedule(() -> attempt(instance, nacos, failures + 1), delay, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService RETRY =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nacos-register-retry");
                t.setDaemon(true);
                return t;
            });

    @Override
    public void deregister() {
        com.alibaba.nacos.api.naming.pojo.Instance nacos = registered;
        if (nacos == null) {
            return;
        }
        registered = null;
        NamingService naming = NacosClients.naming(options);
        try {
            naming.deregisterInstance(serviceName, options.group(), nacos);
            LOG.info(() -> "deregistered " + serviceName + " " + nacos.getIp() + ":" + nacos.getPort() + " from Nacos");
        } catch (NacosException e) {
            throw new IllegalStateException("cannot deregister " + serviceName + ": " + e.getErrMsg(), e);
        }
    }
}
