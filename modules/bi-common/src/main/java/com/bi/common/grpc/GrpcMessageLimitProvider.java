package com.bi.common.grpc;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.http.HttpPrologue;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Flag;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2Settings;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.Router;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcProtocolSelector;
import io.helidon.webserver.http2.spi.Http2SubProtocolProvider;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;
import io.helidon.webserver.http2.spi.SubProtocolResult;

/**
 * Helidon's gRPC server behind a message-size gate (hostile finding F7). Installed through the service loader, it is
 * inert unless a socket carries a {@link GrpcMessageLimit}; it then takes gRPC streams before Helidon's own selector
 * (higher weight), hands them to a Helidon gRPC handler whose read buffer is the limit, and watches the 5-byte
 * length prefix of every request message as the DATA frames pass. A prefix above the limit is answered at once —
 * trailers-only, {@code RESOURCE_EXHAUSTED} naming both sizes — and the call is cancelled for the service; the rest
 * of the message is then read and dropped until the client ends the stream, so the connection's flow-control window
 * keeps moving and later calls on the same connection are served.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 10)
public final class GrpcMessageLimitProvider implements Http2SubProtocolProvider<GrpcMessageLimit> {
    @Override
    public String protocolType() {
        return GrpcMessageLimit.TYPE;
    }

    @Override
    public Class<GrpcMessageLimit> protocolConfigType() {
        return GrpcMessageLimit.class;
    }

    @Override
    public Http2SubProtocolSelector create(GrpcMessageLimit limit, ProtocolConfigs configs) {
        GrpcConfig grpc = configs.config("grpc", GrpcConfig.class).stream().findFirst().orElseGet(GrpcConfig::create);
        GrpcProtocolSelector helidon = GrpcProtocolSelector.create(GrpcConfig.builder().from(grpc)
                .maxReadBufferSize(limit.maxMessageBytes()).build());
        return (ctx, prologue, headers, writer, streamId, serverSettings, clientSettings, flowControl, state, router) -> {
            SubProtocolResult result = helidon.subProtocol(ctx, prologue, headers, writer, streamId, serverSettings,
                    clientSettings, flowControl, state, router);
            return result.supported()
                    ? new SubProtocolResult(true, new Gate(result.subProtocol(), writer, streamId, flowControl, limit.maxMessageBytes()))
                    : result;
        };
    }

    /** Passes frames to Helidon's handler until a message prefix declares more than the limit. */
    static final class Gate implements Http2SubProtocolSelector.SubProtocolHandler {
        private static final int PREFIX = 5;
        private final Http2SubProtocolSelector.SubProtocolHandler delegate;
        private final Http2StreamWriter writer;
        private final int streamId;
        private final StreamFlowControl flowControl;
        private final int limit;
        private final byte[] prefix = new byte[PREFIX];
        private int prefixRead;
        private long messageLeft;
        /** Set once the oversized message was refused: from then on this gate, not Helidon, owns the stream. */
        private volatile Http2StreamState refusedState;

        Gate(Http2SubProtocolSelector.SubProtocolHandler delegate, Http2StreamWriter writer, int streamId,
             StreamFlowControl flowControl, int limit) {
            this.delegate = delegate;
            this.writer = writer;
            this.streamId = streamId;
            this.flowControl = flowControl;
            this.limit = limit;
        }

        @Override
        public void init() {
            delegate.init();
        }

        @Override
        public Http2StreamState streamState() {
            Http2StreamState refused = refusedState;
            return refused == null ? delegate.streamState() : refused;
        }

        @Override
        public void rstStream(Http2RstStream rstStream) {
            if (refusedState == null) {
                delegate.rstStream(rstStream);
            } else {
                refusedState = Http2StreamState.CLOSED;
            }
        }

        @Override
        public void windowUpdate(Http2WindowUpdate update) {
            delegate.windowUpdate(update);
        }

        @Override
        public void data(Http2FrameHeader header, BufferData data) {
            boolean endOfStream = header.flags(Http2FrameTypes.DATA).endOfStream();
            if (refusedState == null) {
                long declared = oversizedMessage(data);
                if (declared < 0) {
                    delegate.data(header, data);
                    return;
                }
                refuse(declared);
            }
            // the rest of the refused message: read (so the stream's window is replenished) and dropped
            data.skip(data.available());
            if (endOfStream) {
                refusedState = Http2StreamState.CLOSED;
            }
        }

        /** Follows the gRPC framing over this frame without consuming it; the declared length above the limit, or -1. */
        private long oversizedMessage(BufferData data) {
            int available = data.available();
            int i = 0;
            while (i < available) {
                if (messageLeft > 0) {
                    int skip = (int) Math.min(messageLeft, available - i);
                    i += skip;
                    messageLeft -= skip;
                    continue;
                }
                prefix[prefixRead++] = (byte) data.get(i++);
                if (prefixRead == PREFIX) {
                    prefixRead = 0;
                    long length = ((prefix[1] & 0xffL) << 24) | ((prefix[2] & 0xffL) << 16) | ((prefix[3] & 0xffL) << 8) | (prefix[4] & 0xffL);
                    if (length > limit) {
                        return length;
                    }
                    messageLeft = length;
                }
            }
            return -1;
        }

        private void refuse(long declared) {
            // the service's listener learns that the call is over (GrpcEdge ends its span and in-flight count)
            delegate.rstStream(new Http2RstStream(Http2ErrorCode.CANCEL));
            refusedState = Http2StreamState.OPEN;
            WritableHeaders<?> trailers = WritableHeaders.create();
            trailers.set(HeaderValues.create("content-type", "application/grpc"));
            trailers.set(HeaderValues.create("grpc-status", String.valueOf(io.grpc.Status.Code.RESOURCE_EXHAUSTED.value())));
            trailers.set(HeaderValues.create("grpc-message", "the request message has " + declared
                    + " bytes; this server reads at most " + limit + " (" + GrpcMessageLimit.SETTING + ")"));
            Http2Headers http2 = Http2Headers.create(trailers).status(Status.OK_200);
            writer.writeHeaders(http2, streamId, Http2Flag.HeaderFlags.create(Http2Flag.END_OF_HEADERS | Http2Flag.END_OF_STREAM),
                    flowControl.outbound());
        }
    }
}
