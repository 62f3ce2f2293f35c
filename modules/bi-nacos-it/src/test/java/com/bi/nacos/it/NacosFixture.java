package com.bi.nacos.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.bi.basic.BasicService;
import com.bi.common.config.ConfigLoader;
import com.bi.common.server.Platform;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.TestKits;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import io.helidon.webserver.WebServer;

/** Helpers shared by the integration tests: publish through the open API, run bi-basic wired to Nacos. */
final class NacosFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private NacosFixture() {
    }

    /** A namespace of its own per test class, so classes never see each other's configs or instances. */
    static String namespace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> nacosConfig(NacosServer server, String namespace, Path cacheDir) {
        Map<String, String> config = new HashMap<>();
        config.put("nacos.server.addr", server.serverAddr());
        config.put("nacos.namespace", namespace);
        config.put("nacos.username", NacosServer.ADMIN);
        config.put("nacos.password", NacosServerExtension.PASSWORD);
        config.put("bi.nacos.cache.dir", cacheDir.toString());
        config.put("bi.nacos.timeout", "3s");
        return config;
    }

    /** A running bi-basic (its production declaration and runtime, own schema) with Nacos config and registration. */
    record Running(ServiceRuntime runtime, WebServer server) implements AutoCloseable {
        URI base() {
            return URI.create("http://127.0.0.1:" + server.port());
        }

        Platform platform() {
            return runtime.platform();
        }

        @Override
        public void close() {
            runtime.shutdown();
        }
    }

    /** Serves bi-basic as {@code ServiceRuntime.run} does: server, workers, registration, shutdown hook. */
    static Running startBasic(Map<String, String> overrides) {
        ServiceRuntime runtime = ServiceRuntime.create(new BasicService(), platform(BasicService.NAME, overrides, true));
        WebServer server = runtime.serve();
        return new Running(runtime, server);
    }

    /** A platform loaded the way {@code Platform.load(name)} loads it (remote layer on top), test defaults below. */
    static Platform platform(String service, Map<String, String> overrides, boolean database) {
        Map<String, String> config = new HashMap<>(TestKits.defaults());
        config.put("bi.shutdown.drain.timeout", "2s");
        if (database) {
            config.putAll(TestDatabase.config(service.replaceFirst("^bi-", "").replace('-', '_')));
        }
        config.putAll(overrides);
        return Platform.create(service, ConfigLoader.load(service, config, Map.of()));
    }

    static String token(NacosServer server) {
        return server.login();
    }

    /** Publishes through the v1 open API as the admin; returns the server's answer ("true"). */
    static String publish(NacosServer server, String namespace, String dataId, String content) {
        return post(server, "/v1/cs/configs?accessToken=" + enc(token(server)), Map.of("dataId", dataId,
                "group", "DEFAULT_GROUP", "tenant", namespace, "type", "yaml", "content", content)).body();
    }

    static HttpResponse<String> post(NacosServer server, String pathAndQuery, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another, independent Nacos client (as a peer or an operator would have). */
    static NamingService otherClient(NacosServer server, String namespace) throws NacosException {
        Properties p = new Properties();
        p.setProperty(PropertyKeyConst.SERVER_ADDR, server.serverAddr());
        p.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        p.setProperty(PropertyKeyConst.USERNAME, NacosServer.ADMIN);
        p.setProperty(PropertyKeyConst.PASSWORD, NacosServerExtension.PASSWORD);
        return NacosFactory.createNamingService(p);
    }

    static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** Polls until the condition holds; returns how long it took. */
    static Duration await(Duration timeout, BooleanSupplier condition, String what) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
