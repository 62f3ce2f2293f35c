package com.bi.common.spi;

/**
 * Registration of this instance in a service registry (Nacos), opened by a {@link ServiceRegistryProvider}:
 * the kit calls {@link #register} once the server is ready and {@link #deregister} first thing on shutdown,
 * before draining, so peers stop sending new calls.
 */
public interface ServiceRegistry {
    void register(Instance instance);

    void deregister();

    /** What the kit registers: ports, and metadata such as version, env and the blue-green track. */
    record Instance(String service, String host, int httpPort, int grpcPort, java.util.Map<String, String> metadata) {
    }
}
