package com.bi.notify.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.notify.domain.Attachment;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.Delivery;
import com.bi.notify.domain.Notifications;
import com.bi.notify.domain.Outbox;
import com.bi.notify.domain.SendCommand;
import com.bi.proto.notify.v1.ChannelKind;
import com.bi.proto.notify.v1.DeliveryStatus;
import com.bi.proto.notify.v1.ListChannelsRequest;
import com.bi.proto.notify.v1.ListChannelsResponse;
import com.bi.proto.notify.v1.NotifyServiceGrpc;
import com.bi.proto.notify.v1.SendRequest;
import com.bi.proto.notify.v1.SendResponse;
import com.bi.proto.notify.v1.SendTestRequest;
import com.bi.proto.notify.v1.SendTestResponse;
import io.grpc.stub.StreamObserver;

/** notify.proto for other services; the tenant is the caller's token's, never a message field. */
public final class NotifyGrpcService extends NotifyServiceGrpc.NotifyServiceImplBase {
    private static final Set<String> SENDERS = Set.of(Roles.SERVICE, Roles.ADMIN, Roles.PLATFORM_ADMIN);
    private final Notifications notifications;

    public NotifyGrpcService(Notifications notifications) {
        this.notifications = notifications;
    }

    private static Caller caller(Set<String> roles) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(roles)) {
            throw ApiException.forbidden("this call needs one of the roles " + roles.stream().sorted().toList());
        }
        return caller;
    }

    @Override
    public void send(SendRequest request, StreamObserver<SendResponse> response) {
        Caller caller = caller(SENDERS);
        SendCommand command = new SendCommand(request.getIdempotencyKey(), request.getChannelIdsList(),
                empty(request.getTitle()), empty(request.getMarkdown()),
                request.getImagesList().stream().map(a -> attachment(a, Attachment.Role.IMAGE)).toList(),
                request.getFilesList().stream().map(a -> attachment(a, Attachment.Role.FILE)).toList(),
                empty(request.getTemplate()), request.getVariablesMap());
        Outbox.Accepted accepted = notifications.send(caller.tenantId(), command);
        response.onNext(SendResponse.newBuilder()
                .addAllDeliveries(accepted.deliveries().stream().map(NotifyGrpcService::toProto).toList())
                .setDuplicate(accepted.duplicate())
                .setMessageId(accepted.messageId().toString())
                .build());
        response.onCompleted();
    }

    @Override
    public void listChannels(ListChannelsRequest request, StreamObserver<ListChannelsResponse> response) {
        Caller caller = caller(union(Roles.READ, Set.of(Roles.SERVICE)));
        List<Channel> channels = notifications.channels(caller.tenantId());
        response.onNext(ListChannelsResponse.newBuilder()
                .addAllChannels(channels.stream().filter(c -> !request.getEnabledOnly() || c.enabled())
                        .map(c -> com.bi.proto.notify.v1.Channel.newBuilder().setId(c.id().toString()).setName(c.name())
                                .setKind(ChannelKind.valueOf(c.kind().name())).setEnabled(c.enabled()).build())
                        .toList())
                .build());
        response.onCompleted();
    }

    @Override
    public void sendTest(SendTestRequest request, StreamObserver<SendTestResponse> response) {
        Caller caller = caller(Set.of(Roles.ADMIN, Roles.PLATFORM_ADMIN));
        Delivery delivery = notifications.test(caller.tenantId(), Notifications.uuid(request.getChannelId(), "channel_id"));
        response.onNext(SendTestResponse.newBuilder().setDelivery(toProto(delivery)).build());
        response.onCompleted();
    }

    private static Attachment attachment(com.bi.proto.notify.v1.Attachment a, Attachment.Role role) {
        return new Attachment(role, a.getName(), a.getContentType(), a.getData().toByteArray());
    }

    static com.bi.proto.notify.v1.Delivery toProto(Delivery d) {
        return com.bi.proto.notify.v1.Delivery.newBuilder()
                .setDeliveryId(d.id().toString())
                .setChannelId(d.channelId().toString())
                .setChannelKind(ChannelKind.valueOf(d.channelKind().name()))
                .setStatus(DeliveryStatus.valueOf(d.status().name()))
                .setAttempts(d.attempts())
                .setLastError(d.lastError() == null ? "" : d.lastError())
                .setNextAttemptAt(text(d.nextAttemptAt()))
                .setSentAt(text(d.sentAt()))
                .setChannelName(d.channelName())
                .build();
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String empty(String value) {
        return value.isEmpty() ? null : value;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
