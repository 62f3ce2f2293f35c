package com.bi.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bi.common.testing.TestTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Authorization headers that must all be refused with a 401/403 problem: forged, expired, unsigned ({@code alg=none}),
 * wrong audience/issuer, another algorithm, broken claims, garbage and oversized values. The valid ones come from the
 * kit's {@link TestTokens} (the secret the services under test are configured with).
 */
final class HostileTokens {
    static final List<String> ALL_ROLES = List.of("PLATFORM_ADMIN", "ADMIN", "ANALYST", "VIEWER", "SERVICE");

    private HostileTokens() {
    }

    static String valid(String tenant) {
        return "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256, claims(tenant, "bi-sys", "bi-platform",
                Instant.now().plus(Duration.ofMinutes(30))).build());
    }

    /** Every header value with a name saying what is wrong with it. */
    static Map<String, String> refused(String tenant) {
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("no token", null);
        cases.put("empty bearer", "Bearer ");
        cases.put("garbage bearer", "Bearer not-a-jwt");
        cases.put("basic scheme", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        cases.put("three dots", "Bearer ...");
        cases.put("forged signature", "Bearer " + sign("a-completely-different-secret-0123456789", JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).build()));
        cases.put("tampered payload", "Bearer " + tamper(sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).build()), "other-tenant"));
        cases.put("alg=none", "Bearer " + unsigned(claims(tenant, "bi-sys", "bi-platform", soon).build()));
        cases.put("expired", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", Instant.now().minus(Duration.ofHours(2))).build()));
        cases.put("wrong audience", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "another-platform", soon).build()));
        cases.put("wrong issuer", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "evil-issuer", "bi-platform", soon).build()));
        cases.put("HS512 with the shared secret", "Bearer " + sign(TestTokens.SECRET + TestTokens.SECRET, JWSAlgorithm.HS512,
                claims(tenant, "bi-sys", "bi-platform", soon).build()));
        cases.put("no tenant_id", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).claim("tenant_id", null).build()));
        cases.put("numeric tenant_id", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).claim("tenant_id", 42).build()));
        cases.put("roles not an array", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).claim("roles", "PLATFORM_ADMIN").build()));
        cases.put("no exp", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(tenant, "bi-sys", "bi-platform", soon).expirationTime(null).build()));
        cases.put("oversized token", "Bearer " + "A".repeat(6000) + "." + "B".repeat(6000) + "." + "C".repeat(100));
        return cases;
    }

    /**
     * Correctly signed tokens with odd content (only bi-sys could mint them, so they test depth, not authentication):
     * another tenant, a tenant bi-tenant does not know, no roles, hostile tenant ids. No 5xx; a refusal is a problem.
     */
    static Map<String, String> oddButSigned(String otherTenant) {
        Instant soon = Instant.now().plus(Duration.ofMinutes(30));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("another tenant", valid(otherTenant));
        cases.put("unknown tenant", valid("no-such-tenant"));
        cases.put("no roles", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(otherTenant, "bi-sys", "bi-platform", soon).claim("roles", List.of()).build()));
        cases.put("unknown roles", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims(otherTenant, "bi-sys", "bi-platform", soon).claim("roles", List.of("ROOT", "", "x".repeat(500))).build()));
        cases.put("NUL in tenant_id", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims("a\u0000b", "bi-sys", "bi-platform", soon).build()));
        cases.put("huge tenant_id", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims("t".repeat(3000), "bi-sys", "bi-platform", soon).build()));
        cases.put("SQL in tenant_id", "Bearer " + sign(TestTokens.SECRET, JWSAlgorithm.HS256,
                claims("x' OR '1'='1", "bi-sys", "bi-platform", soon).build()));
        return cases;
    }

    private static JWTClaimsSet.Builder claims(String tenant, String issuer, String audience, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("hostile-user")
                .issueTime(Date.from(Instant.now().minus(Duration.ofHours(3))))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("tenant_id", tenant)
                .claim("roles", ALL_ROLES)
                .claim("key", "bi-sys");
    }

    private static String sign(String secret, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The same signature over a payload whose tenant was swapped. */
    private static String tamper(String token, String otherTenant) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"tenant_id\":\"[^\"]*\"", "\"tenant_id\":\"" + otherTenant + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
