package com.bi.notify.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bi.notify.domain.Attachment;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.ChannelSecrets;
import com.bi.notify.domain.ChannelSender;
import com.bi.notify.domain.OutgoingMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP channels, each in its vendor's documented format and signing:
 * <ul>
 *   <li>WEBHOOK: a JSON POST of the whole message (attachments base64); headers {@code X-BI-Timestamp} (Unix seconds)
 *       and {@code X-BI-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, plus
 *       {@code X-BI-Delivery} (stable across retries, for the receiver's dedupe). Any 2xx is success.</li>
 *   <li>DINGTALK ("Custom robot access", 自定义机器人接入, signing option 加签): query parameters {@code timestamp}
 *       (milliseconds) and {@code sign} = URL-encoded base64 HMAC-SHA256 keyed with the secret over
 *       {@code timestamp + "\n" + secret}; body {@code msgtype: markdown}. Success: {@code errcode == 0}. Custom robots
 *       cannot upload pictures, so images and files are named in a line instead.</li>
 *   <li>WECOM ("Group robot configuration", 群机器人配置说明): the key is in the URL, no signing; a {@code markdown}
 *       message (content at most 4096 bytes), then each image as {@code msgtype: image} with its base64 and the MD5 of
 *       its bytes (at most 2 MB, PNG/JPG). Success: {@code errcode == 0}.</li>
 *   <li>FEISHU ("Custom bot usage guide", 自定义机器人使用指南, signature verification): body fields {@code timestamp}
 *       (seconds) and {@code sign} = base64 HMAC-SHA256 keyed with {@code timestamp + "\n" + secret} over empty bytes;
 *       {@code msg_type: interactive} with a markdown element; the request body is at most 20 KB. Success:
 *       {@code code == 0}.</li>
 * </ul>
 */
public final class HttpChannelSender {
    /** WeCom: markdown content at most 4096 bytes (UTF-8). */
    static final int WECOM_MARKDOWN_BYTES = 4096;
    /** WeCom: an image at most 2 MB before base64. */
    static final int WECOM_IMAGE_BYTES = 2 * 1024 * 1024;
    /** Feishu: a custom bot's request body at most 20 KB. */
    static final int FEISHU_BODY_BYTES = 20 * 1024;
    private static final int MAX_ANSWER = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final OutboundGuard guard;
    private final Duration timeout;
    private final Clock clock;
    private final int wecomMaxImages;

    public HttpChannelSender(OutboundGuard guard, Duration timeout, Clock clock, int wecomMaxImages) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.guard = guard;
        this.timeout = timeout;
        this.clock = clock;
        this.wecomMaxImages = wecomMaxImages;
    }

    /** Requests one message takes: WeCom sends each image separately (up to bi.notify.wecom.max.images). */
    public int posts(Channel channel, OutgoingMessage message) {
        return channel.kind() == ChannelKind.WECOM ? 1 + wecomImages(message).size() : 1;
    }

    public void send(Channel channel, ChannelSecrets secrets, OutgoingMessage message) throws ChannelSender.Failure {
        URI uri = guard.forSend(channel.kind(), secrets.url());
        switch (channel.kind()) {
            case WEBHOOK -> webhook(uri, secrets.secret(), message);
            case DINGTALK -> dingTalk(uri, secrets.secret(), message);
            case WECOM -> weCom(uri, message);
            case FEISHU -> feishu(uri, secrets.secret(), message);
            default -> throw new ChannelSender.Failure("not an HTTP channel: " + channel.kind(), true);
        }
    }

    // ---- WEBHOOK

    private void webhook(URI uri, String secret, OutgoingMessage m) throws ChannelSender.Failure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivery_id", m.deliveryId().toString());
        body.put("message_id", m.messageId().toString());
        body.put("title", m.title());
        body.put("markdown", m.markdown());
        body.put("images", attachmentsJson(m.images()));
        body.put("files", attachmentsJson(m.files()));
        byte[] json = bytes(body);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), json);
        String signature = "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed));
        Answer answer = post(uri, json, Map.of("X-BI-Timestamp", timestamp, "X-BI-Signature", signature,
                "X-BI-Delivery", m.deliveryId().toString()));
        if (answer.status() / 100 != 2) {
            throw new ChannelSender.Failure("the webhook answered HTTP " + answer.status(), false);
        }
    }

    private static List<Map<String, String>> attachmentsJson(List<Attachment> attachments) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Attachment a : attachments) {
            out.add(Map.of("name", a.name(), "content_type", a.contentType(), "data", Base64.getEncoder().encodeToString(a.data())));
        }
        return out;
    }

    // ---- DINGTALK

    private void dingTalk(URI uri, String secret, OutgoingMessage m) throws ChannelSender.Failure {
        URI target = uri;
        if (secret != null) {
            String timestamp = Long.toString(clock.millis());
            String sign = Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                    (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
            String query = "timestamp=" + timestamp + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8);
            target = URI.create(uri.toString() + (uri.getRawQuery() == null ? "?" : "&") + query);
        }
        String text = "#### " + m.title() + "\n\n" + m.markdown() + notShown(m.attachments());
        byte[] json = bytes(Map.of("msgtype", "markdown", "markdown", Map.of("title", m.title(), "text", text)));
        robotAnswer(post(target, json, Map.of()), "errcode", "DingTalk");
    }

    // ---- WECOM

    private List<Attachment> wecomImages(OutgoingMessage m) {
        return m.images().stream().filter(a -> a.data().length <= WECOM_IMAGE_BYTES).limit(wecomMaxImages).toList();
    }

    private void weCom(URI uri, OutgoingMessage m) throws ChannelSender.Failure {
        List<Attachment> images = wecomImages(m);
        List<Attachment> notSent = new ArrayList<>(m.attachments());
        notSent.removeAll(images);
        String content = truncateUtf8("**" + m.title() + "**\n" + m.markdown() + notShown(notSent), WECOM_MARKDOWN_BYTES - 4);
        List<byte[]> posts = new ArrayList<>();
        posts.add(bytes(Map.of("msgtype", "markdown", "markdown", Map.of("content", content))));
        for (Attachment image : images) {
            posts.add(bytes(Map.of("msgtype", "image", "image", Map.of(
                    "base64", Base64.getEncoder().encodeToString(image.data()),
                    "md5", HexFormat.of().formatHex(md5(image.data()))))));
        }
        for (int i = Math.max(0, m.postsDone()); i < posts.size(); i++) {
            try {
                robotAnswer(post(uri, posts.get(i), Map.of()), "errcode", "WeCom");
            } catch (ChannelSender.Failure f) {
                throw new ChannelSender.Failure(f.getMessage() + " (request " + (i + 1) + " of " + posts.size() + ")", f.permanent(), i);
            }
        }
    }

    // ---- FEISHU

    private void feishu(URI uri, String secret, OutgoingMessage m) throws ChannelSender.Failure {
        Map<String, Object> body = new LinkedHashMap<>();
        if (secret != null) {
            long timestamp = clock.instant().getEpochSecond();
            byte[] key = (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8);
            body.put("timestamp", Long.toString(timestamp));
            body.put("sign", Base64.getEncoder().encodeToString(hmac(key, new byte[0])));
        }
        body.put("msg_type", "interactive");
        body.put("card", Map.of(
                "header", Map.of("title", Map.of("tag", "plain_text", "content", m.title())),
                "elements", List.of(Map.of("tag", "markdown", "content", m.markdown() + notShown(m.attachments())))));
        byte[] json = bytes(body);
        if (json.length > FEISHU_BODY_BYTES) {
            throw new ChannelSender.Failure("the message is " + json.length + " bytes; a Feishu custom bot takes at most "
                    + FEISHU_BODY_BYTES, true);
        }
        robotAnswer(post(uri, json, Map.of()), "code", "Feishu");
    }

    // ---- shared

    /** A robot's answer: HTTP 200 and {@code <codeField> == 0} (Feishu's older answers say {@code StatusCode}). */
    private static void robotAnswer(Answer answer, String codeField, String vendor) throws ChannelSender.Failure {
        if (answer.status() != 200) {
            throw new ChannelSender.Failure(vendor + " answered HTTP " + answer.status(), false);
        }
        JsonNode node;
        try {
            node = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new ChannelSender.Failure(vendor + " answered something other than JSON", false);
        }
        JsonNode code = node == null ? null : node.has(codeField) ? node.get(codeField) : node.get("StatusCode");
        if (code == null || !code.isIntegralNumber()) {
            throw new ChannelSender.Failure(vendor + " answered without " + codeField, false);
        }
        if (code.asLong() != 0) {
            JsonNode text = node.has("errmsg") ? node.get("errmsg") : node.get("msg");
            String message = text == null ? "" : text.asText();
            throw new ChannelSender.Failure(vendor + " refused the message: " + codeField + " " + code.asLong()
                    + (message.isEmpty() ? "" : " (" + (message.length() > 200 ? message.substring(0, 200) : message) + ")"), false);
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer post(URI uri, byte[] json, Map<String, String> headers) throws ChannelSender.Failure {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "bi-notify")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<InputStream>> call = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            // the answer is read in bounded size and time: a receiver that trickles bytes cannot hold the worker
            try (InputStream in = response.body()) {
                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readNBytes(MAX_ANSWER);
                    } catch (IOException e) {
                        return new byte[0];
                    }
                }, Thread::startVirtualThread);
                return new Answer(response.statusCode(), read.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new ChannelSender.Failure("no answer within " + timeout.toMillis() + " ms", false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new ChannelSender.Failure("no answer within " + timeout.toMillis() + " ms", false);
            }
            // the exception's message may name the URL (a robot's token): only its kind is reported
            throw new ChannelSender.Failure("the request failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), false);
        } catch (IOException e) {
            throw new ChannelSender.Failure("reading the answer failed", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new ChannelSender.Failure("interrupted", false);
        }
    }

    /** A line naming the attachments a robot cannot show. */
    private static String notShown(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return "";
        }
        return "\n\n> Not shown in this channel: " + String.join(", ", attachments.stream().map(Attachment::name).toList());
    }

    static String truncateUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "\n…";
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
