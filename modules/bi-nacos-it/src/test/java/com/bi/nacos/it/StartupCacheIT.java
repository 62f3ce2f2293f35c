package com.bi.nacos.it;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.server.Platform;
import com.bi.nacos.NacosMetrics;
import com.bi.nacos.config.NacosConfigProvider;
import com.bi.nacos.config.NacosConfigSource;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Nacos down at start: the last good cache is used; with no cache prod refuses, other environments start locally. */
@ExtendWith(NacosServerExtension.class)
class StartupCacheIT {

    @Test
    void nacosDownAtStartUsesTheCachedConfig(NacosServer server) throws Exception {
        String namespace = NacosFixture.namespace("cache");
        Path cacheDir = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        NacosFixture.publish(server, namespace, "bi-basic-prod.yaml", "feature:\n  exports: cached-value\n");
        Map<String, String> prod = new HashMap<>(NacosFixture.nacosConfig(server, namespace, cacheDir));
        prod.put("deploy.env", "prod");
        // a first start with Nacos up fills the cache (prod: a real JWT secret is required anyway)
        try (NacosFixture.Running first = NacosFixture.startBasic(prod)) {
            assertThat(first.platform().config().get("feature.exports").asString().get(), is("cached-value"));
        }
        // the same service, Nacos unreachable (nothing listens on that port): starts on the cache, warning + metric
        double before = NacosMetrics.count("bi.nacos.config.cache.used", "bi-basic");
        Map<String, String> down = new HashMap<>(prod);
        down.put("nacos.server.addr", "127.0.0.1:" + deadPort());
        down.put("bi.nacos.timeout", "1s");
        try (NacosFixture.Running second = NacosFixture.startBasic(down)) {
            assertThat(second.platform().config().get("feature.exports").asString().get(), is("cached-value"));
            assertThat(NacosConfigProvider.started("bi-basic").orElseThrow().origin(), is(NacosConfigSource.Origin.CACHE));
            assertThat(NacosMetrics.count("bi.nacos.config.cache.used", "bi-basic"), greaterThan(before));
        }
    }

    @Test
    void prodRefusesToStartWithNeitherNacosNorCache() throws Exception {
        Path emptyCache = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        Map<String, String> config = Map.of("deploy.env", "prod", "nacos.server.addr", "127.0.0.1:" + deadPort(),
                "bi.nacos.cache.dir", emptyCache.toString(), "bi.nacos.timeout", "1s");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> NacosFixture.platform("bi-basic", config, false));
        assertThat(e.getMessage(), containsString("nacos.server.addr"));
        assertThat(e.getMessage(), containsString("unreachable"));
        assertThat(e.getMessage(), containsString("refusing to start in prod"));
    }

    @Test
    void devStartsOnLocalConfigWithNeitherNacosNorCache() throws Exception {
        Path emptyCache = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        Map<String, String> config = Map.of("deploy.env", "dev", "nacos.server.addr", "127.0.0.1:" + deadPort(),
                "bi.nacos.cache.dir", emptyCache.toString(), "bi.nacos.timeout", "1s", "feature.exports", "local");
        Platform platform = NacosFixture.platform("bi-basic", config, false);
        assertThat(platform.config().get("feature.exports").asString().get(), is("local"));
        assertThat(NacosConfigProvider.started("bi-basic").orElseThrow().origin(), is(NacosConfigSource.Origin.NONE));
        platform.close();
    }

    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
