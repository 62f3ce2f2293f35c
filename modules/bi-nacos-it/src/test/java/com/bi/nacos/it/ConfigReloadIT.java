package com.bi.nacos.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.testing.Http;
import com.bi.nacos.NacosMetrics;
import com.bi.nacos.config.NacosConfigProvider;
import com.bi.nacos.config.NacosConfigSource;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Publish → the running bi-basic sees it; an invalid publish is ignored (last good kept, logged, counted). */
@ExtendWith(NacosServerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigReloadIT {
    private static final String DATA_ID = "bi-basic-test.yaml";
    private static NacosServer server;
    private static String namespace;
    private static Path cacheDir;
    private static NacosFixture.Running basic;
    private static final AtomicReference<String> flag = new AtomicReference<>();

    @BeforeAll
    static void start(NacosServer nacos) throws Exception {
        server = nacos;
        namespace = NacosFixture.namespace("reload");
        cacheDir = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        assertThat(NacosFixture.publish(server, namespace, DATA_ID, "bi:\n  log:\n    level: INFO\nfeature:\n  exports: v1\n"), is("true"));
        basic = NacosFixture.startBasic(NacosFixture.nacosConfig(server, namespace, cacheDir));
        basic.platform().config().get("feature.exports").onChange(c -> flag.set(c.asString().orElse(null)));
    }

    @AfterAll
    static void stop() {
        if (basic != null) {
            basic.close();
        }
    }

    @Test
    @Order(1)
    void startsWithTheConfigFromNacos() {
        NacosConfigSource source = NacosConfigProvider.started("bi-basic").orElseThrow();
        assertThat(source.origin(), is(NacosConfigSource.Origin.NACOS));
        assertThat(basic.platform().config().get("feature.exports").asString().get(), is("v1"));
        assertThat(Logger.getLogger("").getLevel(), is(Level.INFO));
        assertThat(source.cache().read().orElseThrow(), containsString("exports: v1"));
    }

    @Test
    @Order(2)
    void aPublishedChangeReachesTheRunningService() {
        long t0 = System.nanoTime();
        assertThat(NacosFixture.publish(server, namespace, DATA_ID, "bi:\n  log:\n    level: WARN\nfeature:\n  exports: v2\n"), is("true"));
        NacosFixture.await(Duration.ofSeconds(15), () -> "v2".equals(flag.get())
                && Level.WARNING.equals(Logger.getLogger("").getLevel()), "the pushed change to apply");
        System.out.printf("[nacos] change propagation (publish -> live in the service): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(NacosConfigProvider.started("bi-basic").orElseThrow().cache().read().orElseThrow(), containsString("exports: v2"));
    }

    @Test
    @Order(3)
    void anInvalidPublishIsIgnoredLoggedAndCounted() {
        double rejectedBefore = NacosMetrics.count("bi.nacos.config.rejected", "bi-basic");
        NacosFixture.publish(server, namespace, DATA_ID, "bi:\n  log:\n    level: LOUD\nfeature:\n  exports: v3\n");
        NacosFixture.await(Duration.ofSeconds(15), () -> NacosMetrics.count("bi.nacos.config.rejected", "bi-basic") > rejectedBefore,
                "the invalid push to be rejected");
        NacosFixture.publish(server, namespace, DATA_ID, "bi: [not, a, mapping\n");
        NacosFixture.await(Duration.ofSeconds(15), () -> NacosMetrics.count("bi.nacos.config.rejected", "bi-basic") > rejectedBefore + 1,
                "the broken YAML to be rejected");
        // a bi.* key bi-basic does not declare (the catalog packaged in its jar) is refused like a bad value
        NacosFixture.publish(server, namespace, DATA_ID, "bi:\n  log:\n    level: DEBUG\n  feature:\n    exports: v5\n");
        NacosFixture.await(Duration.ofSeconds(15), () -> NacosMetrics.count("bi.nacos.config.rejected", "bi-basic") > rejectedBefore + 2,
                "the undeclared key to be rejected");
        assertThat(flag.get(), is("v2"));
        assertThat(Logger.getLogger("").getLevel(), is(Level.WARNING));
        String cached = NacosConfigProvider.started("bi-basic").orElseThrow().cache().read().orElseThrow();
        assertThat(cached, containsString("level: WARN"));
        assertThat(cached, not(containsString("LOUD")));
        // the counter is on the service's own /observe/metrics
        Http.Response metrics = new Http(basic.base()).get("/observe/metrics", null);
        assertThat(metrics.body().lines().anyMatch(l -> l.startsWith("bi_nacos_config_rejected_total{")
                && l.contains("service=\"bi-basic\"") && !l.endsWith(" 0.0")), is(true));
    }

    @Test
    @Order(4)
    void afterARejectionValidChangesStillApply() {
        NacosFixture.publish(server, namespace, DATA_ID, "bi:\n  log:\n    level: INFO\nfeature:\n  exports: v4\n");
        NacosFixture.await(Duration.ofSeconds(15), () -> Level.INFO.equals(Logger.getLogger("").getLevel()) && "v4".equals(flag.get()),
                "INFO to apply");
    }
}
