package com.bi.hostile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bi.common.grpc.GrpcMessageLimit;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;

/**
 * Hostile gRPC messages for one method, as raw bytes (so invalid protobuf and invalid UTF-8 reach the server): bad
 * tokens, broken encodings, unknown fields, and every field of the method's sample request replaced by hostile values.
 */
final class GrpcCorpus {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Name prefix of the cases whose message is above the kit's gRPC message limit. */
    static final String OVER_LIMIT = "bytes: message over the gRPC limit";
    /** How long an over-limit case may take: the answer comes on the first frame, long before this. */
    static final int OVER_LIMIT_DEADLINE_MILLIS = 10_000;

    record Case(String name, byte[] message, String token, boolean authRefused) {
    }

    record Outcome(Status.Code code, String description) {
    }

    private GrpcCorpus() {
    }

    static List<Case> build(Descriptors.MethodDescriptor method, Message sample, String token,
                            Map<String, String> refusedTokens, Map<String, String> oddTokens) {
        List<Case> cases = new ArrayList<>();
        byte[] good = sample.toByteArray();
        cases.add(new Case("baseline (sample message)", good, token, false));
        for (Map.Entry<String, String> t : refusedTokens.entrySet()) {
            String value = t.getValue();
            // metadata values are ASCII; the oversized and raw-byte cases still go as far as the transport lets them
            cases.add(new Case("token: " + t.getKey(), good, value == null ? null : ascii(value), true));
        }
        for (Map.Entry<String, String> t : oddTokens.entrySet()) {
            cases.add(new Case("token: " + t.getKey(), good, ascii(t.getValue()), false));
        }
        cases.add(new Case("bytes: empty message", new byte[0], token, false));
        cases.add(new Case("bytes: garbage", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, token, false));
        cases.add(new Case("bytes: truncated varint", new byte[] {0x08, (byte) 0xff}, token, false));
        cases.add(new Case("bytes: length past the end", new byte[] {0x0a, 0x7f, 0x41}, token, false));
        cases.add(new Case("bytes: field number 0", new byte[] {0x00, 0x01}, token, false));
        cases.add(new Case("bytes: group wire type", new byte[] {0x0b, 0x0c}, token, false));
        cases.add(new Case("bytes: unknown field 999", concat(good, encode(out -> out.writeInt64(999, -1))), token, false));
        cases.add(new Case("bytes: unknown 100k field", concat(good, encode(out -> out.writeBytes(998, ByteString.copyFrom(new byte[100_000])))), token, false));
        cases.add(new Case("bytes: 2 MB message", concat(good, encode(out -> out.writeBytes(997, ByteString.copyFrom(new byte[2 * 1024 * 1024])))), token, false));
        // above the kit's bi.grpc.max.message: RESOURCE_EXHAUSTED at once (hostile finding F7), text and zeros alike
        cases.add(new Case(OVER_LIMIT + " (zeros)", concat(good, encode(out -> out.writeBytes(996,
                ByteString.copyFrom(new byte[GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES])))), token, false));
        cases.add(new Case(OVER_LIMIT + " (text)", concat(good, encode(out -> out.writeString(996,
                "x".repeat(GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES)))), token, false));
        cases.add(new Case("bytes: sample twice", concat(good, good), token, false));

        Descriptors.Descriptor type = method.getInputType();
        for (Descriptors.FieldDescriptor field : type.getFields()) {
            for (Map.Entry<String, byte[]> hostile : hostileEncodings(field).entrySet()) {
                // the field encoded last wins (scalars) or is appended (repeated, messages): both are what a peer can send
                cases.add(new Case("field " + field.getName() + ": " + hostile.getKey(), concat(good, hostile.getValue()), token, false));
            }
            for (Map.Entry<String, Message> nested : nestedMutations(sample, field).entrySet()) {
                cases.add(new Case("field " + field.getName() + "." + nested.getKey(), nested.getValue().toByteArray(), token, false));
            }
        }
        return cases;
    }

    /** Raw encodings of hostile values for a field, by its declared type (and wrong wire types for it). */
    private static Map<String, byte[]> hostileEncodings(Descriptors.FieldDescriptor field) {
        int n = field.getNumber();
        Map<String, byte[]> out = new LinkedHashMap<>();
        switch (field.getJavaType()) {
            case STRING -> {
                for (Map.Entry<String, String> s : strings().entrySet()) {
                    out.put(s.getKey(), encode(o -> o.writeString(n, s.getValue())));
                }
                out.put("invalid UTF-8", encode(o -> o.writeByteArray(n, new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xaf})));
                out.put("raw NUL", encode(o -> o.writeByteArray(n, new byte[] {'a', 0, 'b'})));
            }
            case INT, LONG -> {
                for (long v : new long[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
                    out.put("varint " + v, encode(o -> o.writeInt64(n, v)));
                }
            }
            case BOOLEAN -> out.put("varint 7", encode(o -> o.writeUInt64(n, 7)));
            case ENUM -> out.put("unknown enum 999", encode(o -> o.writeEnum(n, 999)));
            case FLOAT, DOUBLE -> {
                out.put("NaN", encode(o -> o.writeDouble(n, Double.NaN)));
                out.put("infinity", encode(o -> o.writeDouble(n, Double.POSITIVE_INFINITY)));
            }
            case MESSAGE -> {
                out.put("garbage submessage", encode(o -> o.writeByteArray(n, new byte[] {(byte) 0xff, (byte) 0xff, 0x01})));
                out.put("empty submessage", encode(o -> o.writeByteArray(n, new byte[0])));
                out.put("deeply nested unknowns", encode(o -> o.writeByteArray(n, nestedGroups(2000))));
            }
            default -> {
            }
        }
        if (field.isRepeated()) {
            out.put("50k empty elements", encode(o -> {
                for (int i = 0; i < 50_000; i++) {
                    o.writeByteArray(n, new byte[0]);
                }
            }));
        }
        // the wrong wire type for this field number
        out.put("wrong wire type (fixed32)", encode(o -> o.writeFixed32(n, 0xdeadbeef)));
        out.put("wrong wire type (bytes)", encode(o -> o.writeByteArray(n, "zz".getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    /** For message fields: each field of the sample's first element replaced by hostile values (typed, valid protobuf). */
    private static Map<String, Message> nestedMutations(Message sample, Descriptors.FieldDescriptor field) {
        Map<String, Message> out = new LinkedHashMap<>();
        if (field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
            return out;
        }
        Message element;
        if (field.isRepeated()) {
            if (sample.getRepeatedFieldCount(field) == 0) {
                return out;
            }
            element = (Message) sample.getRepeatedField(field, 0);
        } else {
            element = (Message) sample.getField(field);
        }
        for (Descriptors.FieldDescriptor inner : element.getDescriptorForType().getFields()) {
            for (Map.Entry<String, Object> value : typedValues(inner).entrySet()) {
                Message.Builder changed = element.toBuilder();
                if (inner.isRepeated()) {
                    changed.clearField(inner).addRepeatedField(inner, value.getValue());
                } else {
                    changed.setField(inner, value.getValue());
                }
                Message.Builder outer = sample.toBuilder();
                if (field.isRepeated()) {
                    outer.setRepeatedField(field, 0, changed.build());
                } else {
                    outer.setField(field, changed.build());
                }
                out.put(inner.getName() + " = " + value.getKey(), outer.build());
            }
            if (inner.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE && inner.isRepeated()) {
                // one level further (order items): the first element's fields
                for (Map.Entry<String, Message> deeper : nestedMutations(element, inner).entrySet()) {
                    Message.Builder outer = sample.toBuilder();
                    if (field.isRepeated()) {
                        outer.setRepeatedField(field, 0, deeper.getValue());
                    } else {
                        outer.setField(field, deeper.getValue());
                    }
                    out.put(inner.getName() + "." + deeper.getKey(), outer.build());
                }
            }
        }
        if (field.isRepeated()) {
            Message.Builder many = sample.toBuilder();
            for (int i = 0; i < 20_000; i++) {
                many.addRepeatedField(field, element);
            }
            out.put("20k copies", many.build());
        }
        return out;
    }

    private static Map<String, Object> typedValues(Descriptors.FieldDescriptor field) {
        Map<String, Object> values = new LinkedHashMap<>();
        switch (field.getJavaType()) {
            case STRING -> values.putAll(strings());
            case INT -> {
                values.put("-1", -1);
                values.put("int min", Integer.MIN_VALUE);
                values.put("int max", Integer.MAX_VALUE);
            }
            case LONG -> {
                values.put("-1", -1L);
                values.put("long min", Long.MIN_VALUE);
                values.put("long max", Long.MAX_VALUE);
            }
            case DOUBLE -> values.put("NaN", Double.NaN);
            case FLOAT -> values.put("NaN", Float.NaN);
            default -> {
            }
        }
        return values;
    }

    static Map<String, String> strings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("empty", "");
        s.put("blank", "   ");
        s.put("NUL", "a\u0000b");
        s.put("100k", "x".repeat(100_000));
        s.put("SQL", "' OR '1'='1'; DROP TABLE users; --");
        s.put("huge exponent", "1e999999999");
        s.put("huge negative exponent", "-1e999999999");
        s.put("1e15", "1e15");
        s.put("long digits", "9".repeat(60));
        s.put("negative", "-1");
        s.put("NaN", "NaN");
        s.put("far future time", "+999999999-12-31T23:59:59Z");
        s.put("far past time", "-999999999-01-01T00:00:00Z");
        s.put("far future date", "+999999999-12-31");
        s.put("year 0 date", "0000-01-01");
        s.put("impossible date", "2024-02-30");
        s.put("lone surrogate", "\ud800");
        s.put("bidi and emoji", "adm\u202ein\ud83d\udca9");
        return s;
    }

    private static byte[] nestedGroups(int depth) {
        // field 1 as length-delimited containing field 1 … — a recursion bomb for naive parsers of unknown fields
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            byte[] current = inner;
            inner = encode(o -> o.writeByteArray(1, current));
        }
        return inner;
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] encode(Writer writer) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            writer.write(out);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return HttpCorpus.concat(a, b);
    }

    private static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /** Sends the raw message; a server-streaming method is read until it ends or a short deadline passes. */
    static Outcome call(ManagedChannel channel, Descriptors.MethodDescriptor method, Case c) {
        MethodDescriptor.MethodType type = method.isServerStreaming() || method.isClientStreaming()
                ? (method.isClientStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING : MethodDescriptor.MethodType.SERVER_STREAMING)
                : MethodDescriptor.MethodType.UNARY;
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(RAW)
                .setResponseMarshaller(RAW)
                .build();
        Metadata headers = new Metadata();
        if (c.token() != null) {
            headers.put(AUTHORIZATION, c.token());
        }
        boolean streaming = type != MethodDescriptor.MethodType.UNARY;
        int deadline = c.message().length > GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES ? OVER_LIMIT_DEADLINE_MILLIS : streaming ? 500 : 2_500;
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS);
        var intercepted = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        try {
            if (type == MethodDescriptor.MethodType.UNARY) {
                ClientCalls.blockingUnaryCall(intercepted, descriptor, options, c.message());
            } else if (type == MethodDescriptor.MethodType.SERVER_STREAMING) {
                var it = ClientCalls.blockingServerStreamingCall(intercepted, descriptor, options, c.message());
                while (it.hasNext()) {
                    it.next();
                }
            } else {
                ClientCall<byte[], byte[]> call = intercepted.newCall(descriptor, options);
                var it = ClientCalls.blockingServerStreamingCall(call, c.message());
                while (it.hasNext()) {
                    it.next();
                }
            }
            return new Outcome(Status.Code.OK, "");
        } catch (StatusRuntimeException e) {
            return new Outcome(e.getStatus().getCode(), e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription());
        }
    }

    static List<String> typeNames(Descriptors.Descriptor type) {
        List<String> names = new ArrayList<>();
        type.getFields().forEach(f -> names.add(f.getName()));
        return Collections.unmodifiableList(names);
    }

    static DynamicMessage empty(Descriptors.Descriptor type) {
        return DynamicMessage.getDefaultInstance(type);
    }
}
