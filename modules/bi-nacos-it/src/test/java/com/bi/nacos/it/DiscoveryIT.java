package com.bi.nacos.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.bi.common.server.Catalog;
import com.bi.common.server.Platform;
import com.bi.common.server.ServiceRuntime;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Registration (with metadata) and deregistration seen by another client; gRPC peers resolved through Nacos. */
@ExtendWith(NacosServerExtension.class)
class DiscoveryIT {

    @Test
    void registersOnReadyIsResolvedByPeersAndDeregistersOnShutdown(NacosServer server) throws Exception {
        String namespace = NacosFixture.namespace("disco");
        Path cacheDir = Files.createTempDirectory(Path.of("target"), "nacos-cache-");
        Map<String, String> config = new java.util.HashMap<>(NacosFixture.nacosConfig(server, namespace, cacheDir));
        config.put("bi.version", "1.2.3");
        config.put("bi.track", "blue");
        NamingService other = NacosFixture.otherClient(server, namespace);
        NacosFixture.Running basic = NacosFixture.startBasic(config);
        int http = basic.server().port();
        int grpc = basic.server().port(ServiceRuntime.GRPC_SOCKET);

        NacosFixture.await(Duration.ofSeconds(10), () -> healthy(other).size() == 1, "bi-basic to be registered");
        Instance instance = healthy(other).get(0);
        assertThat(instance.getIp(), is("127.0.0.1"));
        assertThat(instance.getPort(), is(http));
        assertThat(instance.getMetadata(), hasEntry("grpc.port", Integer.toString(grpc)));
        assertThat(instance.getMetadata(), hasEntry("http.port", Integer.toString(http)));
        assertThat(instance.getMetadata(), hasEntry("version", "1.2.3"));
        assertThat(instance.getMetadata(), hasEntry("env", "test"));
        assertThat(instance.getMetadata(), hasEntry("track", "blue"));

        // another service's platform reaches bi-basic over gRPC through nacos:///bi-basic (no address configured)
        Platform caller = NacosFixture.platform("bi-server", NacosFixture.nacosConfig(server, namespace, cacheDir), false);
        Channel channel = caller.peers().channel(Catalog.BI_BASIC, "grpc.health.v1.Health");
        HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().build());
        assertThat(answer.getStatus(), is(HealthCheckResponse.ServingStatus.SERVING));

        long t0 = System.nanoTime();
        basic.close();
        NacosFixture.await(Duration.ofSeconds(10), () -> healthy(other).isEmpty(), "bi-basic to be deregistered");
        System.out.printf("[nacos] shutdown -> deregistration visible to another client: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        caller.close();
        other.shutDown();
    }

    private static List<Instance> healthy(NamingService client) {
        try {
            return client.selectInstances("bi-basic", "DEFAULT_GROUP", true, false);
        } catch (Exception e) {
            return List.of();
        }
    }

    @Test
    void staticAddressesWhenDiscoveryIsOff(NacosServer server) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(NacosFixture.nacosConfig(server, NacosFixture.namespace("static"),
                Files.createTempDirectory(Path.of("target"), "nacos-cache-")));
        config.put("bi.nacos.discovery", "false");
        Platform platform = NacosFixture.platform("bi-server", config, false);
        assertThat(new com.bi.nacos.discovery.NacosPeerTargetProvider().target("bi-basic", platform.settings()).isPresent(), is(false));
        assertThat(new com.bi.nacos.discovery.NacosRegistryProvider().create("bi-server", platform.settings()).isPresent(), is(false));
        assertThat(hasSize(0).matches(List.of()), is(true));
        platform.close();
    }
}
