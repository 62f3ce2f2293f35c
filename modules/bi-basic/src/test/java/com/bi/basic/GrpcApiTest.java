package com.bi.basic;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.proto.basic.v1.BasicServiceGrpc;
import com.bi.proto.basic.v1.GetShopRequest;
import com.bi.proto.basic.v1.ListShopsRequest;
import com.bi.proto.basic.v1.ListShopsResponse;
import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthCheckResponse;
import com.bi.proto.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** bi-basic's gRPC API and the standard health service, through grpc-java's Netty client (as peers call it). */
class GrpcApiTest {
    private final Http http;
    private final ManagedChannel channel;

    GrpcApiTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port(ServiceRuntime.GRPC_SOCKET)).usePlaintext().build();
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase();

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private BasicServiceGrpc.BasicServiceBlockingStub stub(String bearer) {
        Metadata headers = new Metadata();
        if (bearer != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer);
        }
        return BasicServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    @Test
    void healthServing() {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus(), is(HealthCheckResponse.ServingStatus.SERVING));
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("bi-basic").build()).getStatus(),
                is(HealthCheckResponse.ServingStatus.SERVING));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> health.check(HealthCheckRequest.newBuilder().setService("nope").build()));
        assertThat(unknown.getStatus().getCode(), is(Status.Code.NOT_FOUND));
    }

    @Test
    void shopsOfTheCallersTenantOnly() {
        String owner = bearer("tenant-grpc", "ADMIN");
        long id = http.post("/api/basic/v1/shops", owner, """
                {"name":"Grpc shop","platform":"DOUYIN","source":"LEKE","external_id":"g-1"}""").json().get("id").asLong();

        var shop = stub(owner).getShop(GetShopRequest.newBuilder().setId(id).build());
        assertThat(shop.getName(), is("Grpc shop"));
        assertThat(shop.getPlatform(), is("DOUYIN"));

        ListShopsResponse bySource = stub(owner).listShops(ListShopsRequest.newBuilder().setSource("LEKE").setExternalId("g-1").build());
        assertThat(bySource.getTotal(), is(1L));

        StatusRuntimeException other = assertThrows(StatusRuntimeException.class,
                () -> stub(bearer("tenant-other", "ADMIN")).getShop(GetShopRequest.newBuilder().setId(id).build()));
        assertThat(other.getStatus().getCode(), is(Status.Code.NOT_FOUND));

        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                () -> stub(null).getShop(GetShopRequest.newBuilder().setId(id).build()));
        assertThat(anonymous.getStatus().getCode(), is(Status.Code.UNAUTHENTICATED));

        StatusRuntimeException badFilter = assertThrows(StatusRuntimeException.class,
                () -> stub(owner).listShops(ListShopsRequest.newBuilder().setPlatform("MARS").build()));
        assertThat(badFilter.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(badFilter.getStatus().getDescription(), containsString("platform must be one of"));
    }
}
