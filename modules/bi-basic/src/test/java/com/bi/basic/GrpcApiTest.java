package com.bi.basic;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.proto.basic.v1.BasicServiceGrpc;
import com.bi.proto.basic.v1.GetShopRequest;
import com.bi.proto.basic.v1.ListProductsRequest;
import com.bi.proto.basic.v1.ListProductsResponse;
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
import static org.hamcrest.Matchers.contains;
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

    @Test
    void productsWithTheirSkusOfTheCallersTenantOnlyPageByPage() {
        String owner = bearer("tenant-grpc-products", "ADMIN");
        for (int i = 0; i < 3; i++) {
            Http.Response created = http.post("/api/basic/v1/products", owner, """
                    {"code":"GP-%d","name":"纯棉T恤 %d","status":"%s","skus":[{"code":"GS-%d","name":"纯棉T恤 %d 白色","price":59.90}]}"""
                    .formatted(i, i, i == 2 ? "DISABLED" : "ACTIVE", i, i));
            assertThat(created.toString(), created.status(), is(201));
        }
        Http.Response others = http.post("/api/basic/v1/products", bearer("tenant-grpc-products-other", "ADMIN"), """
                {"code":"GP-X","name":"别人的商品","skus":[{"code":"GS-X","name":"别人的商品","price":1.00}]}""");
        assertThat(others.toString(), others.status(), is(201));

        ListProductsResponse first = stub(owner).listProducts(ListProductsRequest.newBuilder().setPage(1).setSize(2).build());
        ListProductsResponse second = stub(owner).listProducts(ListProductsRequest.newBuilder().setPage(2).setSize(2).build());
        assertThat(first.getTotal(), is(3L));
        assertThat(first.getProductsCount(), is(2));
        assertThat(second.getProductsCount(), is(1));
        List<String> skus = new ArrayList<>();
        for (ListProductsResponse page : List.of(first, second)) {
            page.getProductsList().forEach(p -> p.getSkusList().forEach(s -> skus.add(s.getCode() + "=" + s.getName() + "@" + s.getPrice())));
        }
        assertThat(skus, contains("GS-0=纯棉T恤 0 白色@59.90", "GS-1=纯棉T恤 1 白色@59.90", "GS-2=纯棉T恤 2 白色@59.90"));

        ListProductsResponse active = stub(owner).listProducts(ListProductsRequest.newBuilder().setStatus("ACTIVE").build());
        assertThat(active.getTotal(), is(2L));

        StatusRuntimeException badStatus = assertThrows(StatusRuntimeException.class,
                () -> stub(owner).listProducts(ListProductsRequest.newBuilder().setStatus("SOLD_OUT").build()));
        assertThat(badStatus.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(badStatus.getStatus().getDescription(), containsString("status must be one of"));
        StatusRuntimeException badSize = assertThrows(StatusRuntimeException.class,
                () -> stub(owner).listProducts(ListProductsRequest.newBuilder().setSize(201).build()));
        assertThat(badSize.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(badSize.getStatus().getDescription(), containsString("size must be between 1 and 200"));
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                () -> stub(null).listProducts(ListProductsRequest.getDefaultInstance()));
        assertThat(anonymous.getStatus().getCode(), is(Status.Code.UNAUTHENTICATED));
    }
}
