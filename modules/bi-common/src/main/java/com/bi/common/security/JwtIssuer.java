package com.bi.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs HS256 access tokens in the platform's shape (issuer, audience, sub, tenant_id, roles, key). bi-sys issues
 * the real ones; this is for tests and for {@code DevToken} on a laptop.
 */
public final class JwtIssuer {
    private final byte[] secret;
    private final String issuer;
    private final String audience;

    public JwtIssuer(String secret, String issuer, String audience) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
        this.audience = audience;
    }

    public static JwtIssuer development() {
        return new JwtIssuer(JwtVerifier.DEV_SECRET, "bi-sys", "bi-platform");
    }

    public String issue(String tenantId, String userId, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tenant_id", tenantId)
                .claim("roles", roles)
                .claim("key", "bi-sys")
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
