package com.bi.notify;

import java.util.concurrent.TimeUnit;

import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.notify.domain.Notifications;
import com.bi.proto.notify.v1.Attachment;
import com.bi.proto.notify.v1.ChannelKind;
import com.bi.proto.notify.v1.DeliveryStatus;
import com.bi.proto.notify.v1.ListChannelsRequest;
import com.bi.proto.notify.v1.NotifyServiceGrpc;
import com.bi.proto.notify.v1.SendRequest;
import com.bi.proto.notify.v1.SendResponse;
import com.bi.proto.notify.v1.SendTestRequest;
import com.google.protobuf.ByteString;
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
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** notify.proto through grpc-java's Netty client, as bi-cron and bi-plan-taoxi call it; the tenant is the token's. */
class GrpcApiTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new NotifyService()).withDatabase().config(NotifyTesting.config());
    private final Http http;
    private final ManagedChannel channel;
    private final Notifications notifications;

    GrpcApiTest(WebServer server, Http http) {
        this.http = http;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port(ServiceRuntime.GRPC_SOCKET)).usePlaintext().build();
        this.notifications = SERVICE.app(Notifications.class);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private NotifyServiceGrpc.NotifyServiceBlockingStub stub(String bearer) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer);
        return NotifyServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void sendIsIdempotentAndDeliversToTheCallersTenantOnly() throws Exception {
        try (FakeReceiver wecom = new FakeReceiver(FakeReceiver.Scheme.WECOM, null, "grpc-key")) {
            String channelId = NotifyTesting.createChannel(http, bearer("grpc-a", "ADMIN"), """
                    {"name":"team","kind":"WECOM","url":"%s"}""".formatted(wecom.url()));
            var service = stub(bearer("grpc-a", "SERVICE"));

            var channels = service.listChannels(ListChannelsRequest.newBuilder().setEnabledOnly(true).build());
            assertThat(channels.getChannelsCount(), is(1));
            assertThat(channels.getChannels(0).getKind(), is(ChannelKind.WECOM));
            assertThat(stub(bearer("grpc-b", "SERVICE")).listChannels(ListChannelsRequest.getDefaultInstance()).getChannelsCount(), is(0));

            SendRequest request = SendRequest.newBuilder().setIdempotencyKey("plan-alerts/shop-9/2026-12-02")
                    .setTitle("Shop 9 is AT_RISK").setMarkdown("Attainment **83%**")
                    .addImages(Attachment.newBuilder().setName("trend.png").setContentType("image/png")
                            .setData(ByteString.copyFrom(EmailTest.png())))
                    .build();
            SendResponse first = service.send(request);
            SendResponse again = service.send(request);
            assertThat(first.getDuplicate(), is(false));
            assertThat(first.getDeliveriesCount(), is(1));
            assertThat(first.getDeliveries(0).getStatus(), is(DeliveryStatus.QUEUED));
            assertThat(again.getDuplicate(), is(true));
            assertThat(again.getDeliveries(0).getDeliveryId(), is(first.getDeliveries(0).getDeliveryId()));
            NotifyTesting.deliverUntil(notifications, () -> wecom.accepted.size() == 2); // markdown, then the image
            NotifyTesting.drain(notifications);
            assertThat(wecom.requests.get(), is(2));

            StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class, () -> stub(bearer("grpc-b", "SERVICE"))
                    .send(request.toBuilder().addChannelIds(channelId).build()));
            assertThat(foreign.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            StatusRuntimeException noKey = assertThrows(StatusRuntimeException.class,
                    () -> service.send(request.toBuilder().clearIdempotencyKey().build()));
            assertThat(noKey.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
            StatusRuntimeException viewer = assertThrows(StatusRuntimeException.class, () -> stub(bearer("grpc-a", "VIEWER")).send(request));
            assertThat(viewer.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));

            var test = stub(bearer("grpc-a", "ADMIN")).sendTest(SendTestRequest.newBuilder().setChannelId(channelId).build());
            assertThat(test.getDelivery().getStatus(), is(DeliveryStatus.SENT));
            StatusRuntimeException otherTenant = assertThrows(StatusRuntimeException.class, () -> stub(bearer("grpc-b", "ADMIN"))
                    .sendTest(SendTestRequest.newBuilder().setChannelId(channelId).build()));
            assertThat(otherTenant.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        }
    }
}
