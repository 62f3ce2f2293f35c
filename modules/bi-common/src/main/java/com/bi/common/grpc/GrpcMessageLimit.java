package com.bi.common.grpc;

import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;
import io.helidon.webserver.spi.ProtocolConfig;

/**
 * The largest gRPC request message a service reads: {@code bi.grpc.max.message} bytes (4 MiB, gRPC's usual default;
 * 16 KiB–64 MiB). A larger message is answered at once with {@code RESOURCE_EXHAUSTED} naming the limit (hostile
 * finding F7) by {@link GrpcMessageLimitProvider}; add it to the gRPC socket with {@code socket.addProtocol(limit)}.
 *
 * <p>Why not Helidon's own {@code GrpcConfig.maxReadBufferSize}: Helidon 4.4 enforces it by throwing inside its
 * protocol handler, which cancels the call without answering it and then reads the rest of the message as if it were
 * further messages — the client waited for its deadline or got INTERNAL "Too many requests".
 */
public record GrpcMessageLimit(int maxMessageBytes) implements ProtocolConfig {
    public static final String SETTING = ServerOptions.GRPC_MAX_MESSAGE.key();
    public static final int DEFAULT_MAX_MESSAGE_BYTES = ServerOptions.GRPC_MAX_MESSAGE.defaultValue().orElseThrow();
    static final String TYPE = "bi-grpc-message-limit";

    public GrpcMessageLimit {
        if (maxMessageBytes < 16 * 1024 || maxMessageBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException(SETTING + " must be between 16 KiB and 64 MiB, not " + maxMessageBytes);
        }
    }

    public static GrpcMessageLimit fromSettings(Settings settings) {
        return new GrpcMessageLimit(settings.get(ServerOptions.GRPC_MAX_MESSAGE));
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
