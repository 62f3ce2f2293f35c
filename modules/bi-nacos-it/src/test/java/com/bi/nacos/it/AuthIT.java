package com.bi.nacos.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.server.Platform;
import com.bi.nacos.config.NacosConfigProvider;
import com.bi.nacos.config.NacosConfigSource;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The server runs with auth on: anonymous and wrong-password clients get nothing; the right user does. */
@ExtendWith(NacosServerExtension.class)
class AuthIT {

    @Test
    void anonymousWritesAreRefused(NacosServer server) {
        var r = NacosFixture.post(server, "/v1/cs/configs", Map.of("dataId", "x-test.yaml", "group", "DEFAULT_GROUP",
                "content", "a: 1"));
        assertThat(r.statusCode(), is(403));
    }

    @Test
    void aWrongPasswordGetsNoConfig(NacosServer server) throws Exception {
        String namespace = NacosFixture.namespace("auth");
        NacosFixture.publish(server, namespace, "bi-basic-dev.yaml", "feature:\n  exports: secret\n");
        Path cacheDir = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        Map<String, String> config = new HashMap<>(NacosFixture.nacosConfig(server, namespace, cacheDir));
        config.put("nacos.password", "wrong-password");
        config.put("deploy.env", "dev");
        Platform platform = NacosFixture.platform("bi-basic", config, false);
        assertThat(platform.config().get("feature.exports").asString().orElse("unset"), is("unset"));
        assertThat(NacosConfigProvider.started("bi-basic").orElseThrow().origin(), is(NacosConfigSource.Origin.NONE));
        platform.close();

        config.put("deploy.env", "prod");
        NacosFixture.publish(server, namespace, "bi-basic-prod.yaml", "feature:\n  exports: secret\n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> NacosFixture.platform("bi-basic", config, false));
        assertThat(e.getMessage(), containsString("NACOS_USERNAME/NACOS_PASSWORD"));
    }

    @Test
    void theRightUserGetsTheConfig(NacosServer server) throws Exception {
        String namespace = NacosFixture.namespace("auth-ok");
        NacosFixture.publish(server, namespace, "bi-basic-dev.yaml", "feature:\n  exports: granted\n");
        Map<String, String> config = new HashMap<>(NacosFixture.nacosConfig(server, namespace,
                Files.createTempDirectory(Path.of("target"), "nacos-cache-")));
        config.put("deploy.env", "dev");
        Platform platform = NacosFixture.platform("bi-basic", config, false);
        assertThat(platform.config().get("feature.exports").asString().get(), is("granted"));
        platform.close();
    }
}
