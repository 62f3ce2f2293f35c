package com.bi.nacos.discovery;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.bi.nacos.NacosClients;
import com.bi.nacos.NacosOptions;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;

/**
 * Resolves a service name to the gRPC addresses ({@code ip:grpc.port}) of its healthy, enabled Nacos instances,
 * kept current by a Nacos subscription; the channel's round_robin balances over them.
 */
final class NacosNameResolver extends NameResolver {
    private static final Logger LOG = Logger.getLogger(NacosNameResolver.class.getName());
    static final Attributes.Key<java.util.Map<String, String>> METADATA = Attributes.Key.create("nacos.metadata");

    private final String service;
    private final NacosOptions options;
    private final NameResolver.Args args;
    private volatile Listener2 listener;
    private volatile boolean shutdown;
    private final EventListener subscription = event -> {
        if (event instanceof NamingEvent naming) {
            publish(naming.getInstances());
        }
    };

    NacosNameResolver(String service, NacosOptions options, NameResolver.Args args) {
        this.service = service;
        this.options = options;
        this.args = args;
    }

    @Override
    public String getServiceAuthority() {
        return service;
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        NamingService naming = NacosClients.naming(options);
        try {
            naming.subscribe(service, options.group(), subscription);
        } catch (NacosException e) {
            listener.onError(Status.UNAVAILABLE.withDescription("cannot subscribe to " + service + " in Nacos: " + e.getErrMsg()));
            return;
        }
        refresh();
    }

    @Override
    public void refresh() {
        if (shutdown) {
            return;
        }
        try {
            publish(NacosClients.naming(options).selectInstances(service, options.group(), true));
        } catch (NacosException e) {
            Listener2 current = listener;
            if (current != null) {
                current.onError(Status.UNAVAILABLE.withDescription("cannot list " + service + " in Nacos: " + e.getErrMsg()));
            }
        }
    }

    private void publish(List<Instance> instances) {
        Listener2 current = listener;
        if (current == null || shutdown) {
            return;
        }
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (Instance instance : instances) {
            if (!instance.isHealthy() || !instance.isEnabled()) {
                continue;
            }
            String grpcPort = instance.getMetadata().get(NacosRegistry.GRPC_PORT);
            if (grpcPort == null) {
                continue;
            }
            Attributes attributes = Attributes.newBuilder().set(METADATA, java.util.Map.copyOf(instance.getMetadata())).build();
            groups.add(new EquivalentAddressGroup(new InetSocketAddress(instance.getIp(), Integer.parseInt(grpcPort)), attributes));
        }
        LOG.fine(() -> service + " resolved through Nacos to " + groups);
        if (groups.isEmpty()) {
            LOG.warning(() -> "no healthy " + service + " instance in Nacos (" + options + ")");
        }
        current.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
    }

    @Override
    public void shutdown() {
        shutdown = true;
        try {
            NacosClients.naming(options).unsubscribe(service, options.group(), subscription);
        } catch (NacosException | RuntimeException ignored) {
            // closing anyway
        }
    }
}
