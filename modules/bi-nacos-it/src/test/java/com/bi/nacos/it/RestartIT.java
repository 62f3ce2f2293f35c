package com.bi.nacos.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.alibaba.nacos.api.naming.NamingService;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Nacos restarted while the service runs: the client reconnects, changes keep arriving, the instance is back. */
@ExtendWith(NacosServerExtension.class)
class RestartIT {

    @Test
    void reconnectsAfterANacosRestartAndKeepsReceivingChanges(NacosServer server) throws Exception {
        String namespace = NacosFixture.namespace("restart");
        Path cacheDir = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        NacosFixture.publish(server, namespace, "bi-basic-test.yaml", "feature:\n  exports: before\n");
        AtomicReference<String> seen = new AtomicReference<>();
        try (NacosFixture.Running basic = NacosFixture.startBasic(NacosFixture.nacosConfig(server, namespace, cacheDir))) {
            basic.platform().config().get("feature.exports").onChange(c -> seen.set(c.asString().orElse(null)));
            assertThat(basic.platform().config().get("feature.exports").asString().get(), is("before"));

            server.stop();
            server.start();
            System.out.printf("[nacos] server restart took %d ms%n", server.lastStart().toMillis());

            long t0 = System.nanoTime();
            NacosFixture.publish(server, namespace, "bi-basic-test.yaml", "feature:\n  exports: after-restart\n");
            NacosFixture.await(Duration.ofSeconds(60), () -> "after-restart".equals(seen.get()), "a change after the restart");
            System.out.printf("[nacos] first change after restart reached the service in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            // the ephemeral instance is registered again by the client (another client sees it)
            NamingService other = NacosFixture.otherClient(server, namespace);
            NacosFixture.await(Duration.ofSeconds(60), () -> {
                try {
                    return other.selectInstances("bi-basic", "DEFAULT_GROUP", true, false).size() == 1;
                } catch (Exception e) {
                    return false;
                }
            }, "bi-basic to be registered again");
            other.shutDown();
        }
    }
}
