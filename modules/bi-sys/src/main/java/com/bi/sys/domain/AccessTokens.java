package com.bi.sys.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs access tokens in the platform's shape: HS256 with the current key of the {@link KeyRing}; claims {@code iss},
 * {@code aud}, {@code sub} (user id, or {@code apikey:<id>}), {@code tenant_id}, {@code roles}, {@code key} (the
 * APISIX jwt-auth consumer key), {@code iat}, {@code exp}, {@code jti}, and {@code sid} (the login session). The
 * {@code kid} header is written when {@code kidHeader} is on (see README: needs the kit verifier change).
 */
public final class AccessTokens {
    private final KeyRing keys;
    private final String issuer;
    private final String audience;
    private final String gatewayKey;
    private final Duration ttl;
    private final boolean kidHeader;
    private final Clock clock;

    public AccessTokens(KeyRing keys, String issuer, String audience, String gatewayKey, Duration ttl, boolean kidHeader,
                        Clock clock) {
        this.keys = keys;
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
            header.keyID(keys.current().kid());
        }
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new MACSigner(keys.current().secret()));
            return new Issued(jwt.serialize(), lifetime.toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    public KeyRing keys() {
        return keys;
    }
}
