package com.bi.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.common.peers.PeersOptions;
import com.bi.common.server.Catalog;

/**
 * Where each service of the catalog listens: the catalog's own ports (a laptop, like production) or, for tests that
 * run beside other JVMs, free ports chosen up front so every service can be told its peers' addresses before any
 * of them starts.
 */
public final class ServicePorts {
    /** One service's HTTP and gRPC port. */
    public record Ports(int http, int grpc) {
    }

    private final Map<String, Ports> ports;

    private ServicePorts(Map<String, Ports> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** The catalog's ports for every service that has them. */
    public static ServicePorts catalog() {
        Map<String, Ports> ports = new LinkedHashMap<>();
        for (Catalog entry : Catalog.all()) {
            if (entry.hasPorts()) {
                ports.put(entry.serviceName(), new Ports(entry.httpPort(), entry.grpcPort()));
            }
        }
        return new ServicePorts(ports);
    }

    /** These ports plus {@code offset} (the launcher's {@code --port-offset}). */
    public ServicePorts shifted(int offset) {
        Map<String, Ports> shifted = new LinkedHashMap<>();
        ports.forEach((service, p) -> shifted.put(service, new Ports(p.http() + offset, p.grpc() + offset)));
        return new ServicePorts(shifted);
    }

    /** Free loopback ports for every service of the catalog (tests). */
    public static ServicePorts free() {
        Map<String, Ports> ports = new LinkedHashMap<>();
        for (Catalog entry : Catalog.all()) {
            if (entry.hasPorts()) {
                ports.put(entry.serviceName(), new Ports(freePort(), freePort()));
            }
        }
        return new ServicePorts(ports);
    }

    public Ports of(String service) {
        Ports found = ports.get(service);
        if (found == null) {
            throw new IllegalArgumentException("not a service with ports in the catalog: " + service);
        }
        return found;
    }

    public Map<String, Ports> all() {
        return ports;
    }

    /** {@code bi.peers.<peer>.address} of every service: each one finds the others on these ports. */
    public Map<String, String> peerAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        ports.forEach((service, p) -> addresses.put("bi.peers." + PeersOptions.peerKey(service) + ".address",
                "127.0.0.1:" + p.grpc()));
        return addresses;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
