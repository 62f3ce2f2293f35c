package com.bi.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server, to take it "down" and bring it back without touching the server:
 * {@link #stop()} closes the listener and cuts every open connection; {@link #start()} listens again on the same port;
 * {@link #blackhole(boolean)} keeps connections open but drops every byte both ways (a partition: callers hang until
 * their deadline instead of failing fast).
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean blackholed;
    private int port;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public synchronized TcpProxy start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        Thread.ofVirtual().start(() -> accept(socket));
        return this;
    }

    /**
     * Drops (true) or forwards again (false) every byte on every connection. Ending a blackhole cuts the connections
     * that lost bytes (their streams are corrupt), as a real partition's timeouts would; new ones work.
     */
    public synchronized void blackhole(boolean on) {
        blackholed = on;
        if (!on) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
            open.clear();
        }
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(targetHost, targetPort);
                synchronized (this) {
                    // accepted just as stop() ran: that connection must not outlive the stop
                    if (socket != listener || socket.isClosed()) {
                        closeQuietly(client);
                        closeQuietly(server);
                        return;
                    }
                    open.add(client);
                    open.add(server);
                }
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!blackholed) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // a side closed: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    public synchronized void stop() {
        closeQuietly(listener);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
