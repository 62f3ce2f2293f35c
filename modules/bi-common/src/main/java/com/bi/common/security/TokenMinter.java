package com.bi.common.security;

import java.nio.charset.StandardCharsets;
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
 * The platform's one token minter: bi-sys's user and API-key tokens, every service's own tokens
 * ({@link ServiceTokens}), {@link DevToken} and the tests all sign here, in the shape {@link JwtVerifier} checks.
 * HS256 with one secret; claims {@code iss}, {@code aud}, {@code sub}, {@code tenant_id}, {@code roles}, {@code key}
 * (the APISIX jwt-auth consumer key), {@code iat}, {@code exp}, {@code jti} and, for a login, {@code sid}. The
 * {@code kid} header is {@link JwtVerifier#kidOf} of the secret (unless turned off with {@code kidHeader}), so during
 * a rotation a verifier holding the current and the previous secret picks the right key by id. A minter only ever
 * signs with the secret it was made with: rotating means making a new minter with the new secret.
 */
public final class TokenMinter {
    private final byte[] secret;
    private final String kid;
    private final String issuer;
    private final String audience;
    private final String gatewayKey;
    private final Duration ttl;
    private final boolean kidHeader;
    private final Clock clock;

    /** A signed token and how many seconds it lives. */
    public record Issued(String token, long expiresIn) {
    }

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link JwtVerifier#MIN_SECRET_BYTES}
     */
    public TokenMinter(String secret, String issuer, String audience, String gatewayKey, Duration ttl, boolean kidHeader,
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

    /** Tokens of {@code issuer} for {@code audience}: consumer key {@code bi-sys}, 15-minute default, {@code kid} written. */
    public TokenMinter(String secret, String issuer, String audience) {
        this(secret, issuer, audience, "bi-sys", Duration.ofMinutes(15), true, Clock.systemUTC());
    }

    /** With the public development secret (what a verifier with no secret configured accepts outside prod). */
    public static TokenMinter development() {
        return new TokenMinter(JwtVerifier.DEV_SECRET, "bi-sys", "bi-platform");
    }

    public Issued issue(String tenantId, String subject, List<String> roles, String sessionId) {
        return issue(tenantId, subject, roles, sessionId, ttl);
    }

    /** {@code sessionId} null: no {@code sid} claim (an API key's or a service's token). */
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

    /** The token alone, without a session. */
    public String token(String tenantId, String subject, List<String> roles, Duration lifetime) {
        return issue(tenantId, subject, roles, null, lifetime).token();
    }

    public Duration ttl() {
        return ttl;
    }

    /** The key id written into the header. */
    public String kid() {
        return kid;
    }
}
