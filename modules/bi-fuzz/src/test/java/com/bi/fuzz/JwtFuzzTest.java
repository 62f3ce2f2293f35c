package com.bi.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.security.JwtVerifier;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bearer-token verifier every service runs at its edge. Input byte 0 even: the rest is the token as sent. Odd:
 * the rest is {@code header-JSON NUL payload-JSON}, encoded and signed with the real secret, so the fuzzer reaches
 * header and claim handling (alg confusion, claim types, expiry). Only a 401 ApiException may come out; a token that
 * passes must be HS256 with the configured issuer and audience and name a tenant.
 */
class JwtFuzzTest {
    private static final String SECRET = "bi-platform-fuzz-secret-0123456789abcdef";
    private static final JwtVerifier VERIFIER = JwtVerifier.create(
            new Settings(ConfigLoader.load(Map.of("bi.jwt.secret", SECRET, "deploy.env", "test"), Map.of())), DeployEnv.parse("test"));
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @FuzzTest(maxDuration = "20s")
    void verify(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        String token;
        String header = null;
        if ((input[0] & 1) == 0) {
            token = new String(rest, StandardCharsets.UTF_8);
        } else {
            String text = new String(rest, StandardCharsets.UTF_8);
            int split = text.indexOf('\u0000');
            header = split < 0 ? text : text.substring(0, split);
            String payload = split < 0 ? "{}" : text.substring(split + 1);
            String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            token = signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        }
        Caller caller;
        try {
            caller = VERIFIER.verify(token);
        } catch (RuntimeException e) {
            Refusals.requireClientError(e);
            return;
        }
        if (caller.tenantId() == null || caller.tenantId().isBlank()) {
            throw new AssertionError("accepted a token without a tenant: " + token);
        }
        String[] parts = token.split("\\.");
        JsonNode head = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!"HS256".equals(head.path("alg").asText())) {
            throw new AssertionError("accepted a token whose alg is " + head.path("alg") + ": " + token);
        }
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (!"bi-sys".equals(claims.path("iss").asText())) {
            throw new AssertionError("accepted a token of issuer " + claims.path("iss") + ": " + token);
        }
        JsonNode aud = claims.path("aud");
        boolean audience = aud.isTextual() ? aud.asText().equals("bi-platform")
                : aud.isArray() && aud.toString().contains("\"bi-platform\"");
        if (!audience) {
            throw new AssertionError("accepted a token for audience " + aud + ": " + token);
        }
        if (!claims.path("exp").isNumber()) {
            throw new AssertionError("accepted a token without a numeric exp: " + token);
        }
    }
}
