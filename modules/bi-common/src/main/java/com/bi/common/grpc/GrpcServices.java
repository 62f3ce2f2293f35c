package com.bi.common.grpc;

import java.io.InputStream;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

/**
 * Registers a gRPC service so that a request that cannot be parsed is answered with {@code INVALID_ARGUMENT}.
 *
 * <p>Helidon 4.4's gRPC server parses each request with the method's marshaller inside its protocol handler; when the
 * bytes are not a valid message the marshaller throws, nobody closes the call, and the client waits until its
 * deadline (found by the hostile-input suite). Here the marshaller never throws: it hands a {@link Malformed} marker
 * to the call, which closes it with a status at once. Use {@code grpc.service(GrpcServices.guarded(new MyService()))}.
 */
public final class GrpcServices {
    private GrpcServices() {
    }

    public static ServerServiceDefinition guarded(BindableService service) {
        return guarded(service.bindService());
    }

    public static ServerServiceDefinition guarded(ServerServiceDefinition definition) {
        ServiceDescriptor original = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        java.util.List<ServerMethodDefinition<Object, ?>> methods = new java.util.ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            ServerMethodDefinition<Object, ?> guarded = guard(method);
            descriptor.addMethod(guarded.getMethodDescriptor());
            methods.add(guarded);
        }
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    /** What the tolerant marshaller hands over instead of throwing. */
    record Malformed(String reason) {
    }

    private static <ReqT, RespT> ServerMethodDefinition<Object, RespT> guard(ServerMethodDefinition<ReqT, RespT> method) {
        MethodDescriptor<ReqT, RespT> original = method.getMethodDescriptor();
        MethodDescriptor<Object, RespT> descriptor = original
                .toBuilder(new TolerantMarshaller<>(original.getRequestMarshaller()), original.getResponseMarshaller())
                .build();
        ServerCallHandler<ReqT, RespT> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(descriptor, (call, headers) -> {
            ServerCall<Object, RespT> bounded = new BoundedDescriptions<>(call);
            @SuppressWarnings("unchecked") // the call carries ReqT messages; only the marker is not one, and it stops here
            ServerCall<ReqT, RespT> typed = (ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) bounded;
            return new RefusingListener<>(bounded, handler.startCall(typed, headers));
        });
    }

    /**
     * Every status leaves with a short one-line description, whoever built it: a NOT_FOUND echoing a 100,000-character
     * name overflowed the trailers and wedged the process's gRPC serving (hostile findings F10/F17).
     */
    private static final class BoundedDescriptions<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
        BoundedDescriptions(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            String description = status.getDescription();
            super.close(description == null ? status : status.withDescription(GrpcStatus.description(description)), trailers);
        }
    }

    private static final class TolerantMarshaller<ReqT> implements MethodDescriptor.Marshaller<Object> {
        private final MethodDescriptor.Marshaller<ReqT> delegate;

        TolerantMarshaller(MethodDescriptor.Marshaller<ReqT> delegate) {
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public InputStream stream(Object value) {
            return delegate.stream((ReqT) value);
        }

        @Override
        public Object parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (RuntimeException e) {
                return new Malformed("the request is not a valid message of this method");
            }
        }
    }

    private static final class RefusingListener<ReqT> extends ServerCall.Listener<Object> {
        private final ServerCall<Object, ?> call;
        private final ServerCall.Listener<ReqT> delegate;
        private boolean refused;

        RefusingListener(ServerCall<Object, ?> call, ServerCall.Listener<ReqT> delegate) {
            this.call = call;
            this.delegate = delegate;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Object message) {
            if (refused) {
                return;
            }
            if (message instanceof Malformed malformed) {
                refused = true;
                call.close(Status.INVALID_ARGUMENT.withDescription(malformed.reason()), new Metadata());
                return;
            }
            delegate.onMessage((ReqT) message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }
    }
}
