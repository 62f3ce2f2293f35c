package com.bi.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: invalid UTF-8 and NUL in the target or headers, duplicate
 * and oversized headers, any body — things {@code java.net.http} refuses to send. One connection per request
 * ({@code Connection: close}), so one broken request cannot poison the next.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A request: the raw target (path + query, sent as bytes), headers in order, an optional body. */
    record Request(String method, byte[] target, List<String[]> headers, byte[] body, boolean halfClose) {
        static Request of(String method, String target) {
            return new Request(method, target.getBytes(StandardCharsets.UTF_8), new ArrayList<>(), null, false);
        }

        Request header(String name, String value) {
            List<String[]> copy = new ArrayList<>(headers);
            copy.add(new String[] {name, value});
            return new Request(method, target, copy, body, halfClose);
        }

        Request withoutHeader(String name) {
            List<String[]> copy = new ArrayList<>(headers);
            copy.removeIf(h -> h[0].equalsIgnoreCase(name));
            return new Request(method, target, copy, body, halfClose);
        }

        Request body(byte[] newBody) {
            return new Request(method, target, headers, newBody, halfClose);
        }

        Request target(byte[] newTarget) {
            return new Request(method, newTarget, headers, body, halfClose);
        }

        String targetText() {
            String text = new String(target, StandardCharsets.ISO_8859_1);
            return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + " bytes)" : text;
        }
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String shortBody() {
            return body.length() > 400 ? body.substring(0, 400) + "…" : body;
        }
    }

    Response send(Request request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(request.method().getBytes(StandardCharsets.ISO_8859_1));
            head.write(' ');
            head.writeBytes(request.target());
            head.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            boolean hasHost = false;
            boolean hasLength = false;
            for (String[] h : request.headers()) {
                hasHost |= h[0].equalsIgnoreCase("Host");
                hasLength |= h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding");
                // header values may carry any byte the case wants (ISO-8859-1 keeps them 1:1)
                head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!hasHost) {
                head.writeBytes(("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!hasLength && request.body() != null) {
                head.writeBytes(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(head.toByteArray());
            if (request.body() != null) {
                try {
                    out.write(request.body());
                } catch (IOException e) {
                    // the server may answer (413) and close before reading an oversized body: read that answer
                }
            }
            out.flush();
            if (request.halfClose()) {
                // an incomplete body: tell the server nothing more comes instead of letting it wait
                socket.shutdownOutput();
            }
            return read(socket.getInputStream(), request.method().equals("HEAD"));
        } catch (SocketTimeoutException e) {
            return new Response(-1, Map.of(), "no answer within " + TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            return new Response(-2, Map.of(), "connection failed: " + e);
        }
    }

    /**
     * Reads one response by its own framing (Content-Length or chunked): Helidon answers {@code Connection: close}
     * requests with that header but may keep the socket open for a while, so reading to EOF would wait.
     */
    private static Response read(InputStream raw, boolean head) throws IOException {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw);
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        try {
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                headBytes.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset: whatever arrived before it is all there is
        }
        String headText = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (!headText.startsWith("HTTP/1.1 ") || matched < 4) {
            return new Response(0, Map.of(), "no HTTP answer (connection closed): " + headText);
        }
        String[] lines = headText.trim().split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304 || status < 200) {
            return new Response(status, headers, "");
        }
        try {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String sizeLine = line(in);
                    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    body.write(in.readNBytes(size));
                    line(in);
                }
            } else if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else {
                body.write(in.readAllBytes());
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException | NumberFormatException e) {
            // a cut-off body: keep what arrived
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(java.io.BufferedInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
