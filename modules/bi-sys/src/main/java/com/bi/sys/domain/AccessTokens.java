package com.bi.sys.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.bi.common.security.JwtVerifier;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs access tokens in the platform's shape: HS256 with the current secret ({@code BI_JWT_SECRET}); claims {@code iss},
 * {@code aud}, {@code sub} (user id, or {@code apikey:<id>}), {@code tenant_id}, {@code roles}, {@code key} (the
 * APISIX jwt-auth consumer key), {@code iat}, {@code exp}, {@code jti}, and {@code sid} (the login session). The
 * {@code kid} header (the id the kit's verifier derives from each secret, {@link JwtVerifier#kidOf}) is written
 * when {@code kidHeader} is on. During a rotation the services verify with the previous secret too
 * ({@code BI_JWT_SECRET_PREVIOUS}, in the kit's verifier); bi-sys only ever signs with the current one.
 */
public final class AccessTokens {
    private final byte[] secret;
    private final String kid;
    private final String issuer;
    private final String audience;
    private final String gatewayKey;
    private final Duration ttl;
    private final boolean kidHeader;
    private final Clock clock;

    public AccessTokens(String secret, String issuer, String audience, String gatewayKey, Duration ttl, boolean kidHeader,
                        Clock clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < JwtVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + JwtVerifier.MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.kid = JwtVerifier.kidOf(secret);
        this.issuer = issuer;
        this.audience = audience;
        this.gatewayKey = gatewayKey;
        this.ttl = ttl;
        this.kidHeader = kidHeader;
        this.clock = clock;
    }

    /** A signed token and how many seconds it lives. */
    public record Issued(String token, long expiresIn) {
    }

    public Issued issue(String tenantId, String subject, List<String> roles, String sessionId) {
        return issue(tenantId, subject, roles, sessionId, ttl);
    }

    public Issued issue(String tenantId, String subject, List<String> roles, String sessionId, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tenant_id", tenantId)
                .claim("roles", List.copyOf(roles))
                .claim("key", gatewayKey);
        if (sessionId != null) {
            claims.claim("sid", sessionId);
        }
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT);
        if (kidHeader) {
            header.keyID(kid);
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new MACSigner(secret));
            return new Issued(jwt.serialize(), lifetime.toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** The key id written into the header. */
    public String kid() {
        return kid;
    }
}
