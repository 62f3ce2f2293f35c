package com.bi.common.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.error.ApiException;
import com.bi.common.tenancy.TenantCodes;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies bearer tokens issued by bi-sys: HS256 with the shared {@code BI_JWT_SECRET} and/or RS256 with keys from
 * a JWKS URL ({@code BI_JWT_JWKS_URL}); issuer, audience and expiry are checked; unsigned ({@code alg=none}) and
 * other algorithms are refused. Outside prod, a service with neither configured uses a well-known development
 * secret and says so loudly; prod refuses to start.
 */
public final class JwtVerifier {
    /** Known to everyone, hence refused in prod: only for a laptop or CI. */
    public static final String DEV_SECRET = "bi-platform-INSECURE-development-secret-do-not-use";

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class.getName());
    public static final int MIN_SECRET_BYTES = 32;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String issuer;
    private final String audience;
    /** Verified tokens until their expiry, keyed by the token string: the signature check runs once per token. */
    private final java.util.Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private final int cacheSize;
    private final java.time.Clock clock;
    private final java.util.concurrent.atomic.AtomicLong fullVerifications = new java.util.concurrent.atomic.AtomicLong();

    private record Verified(Caller caller, long expiresAtMillis) {
    }

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor, String issuer, String audience, int cacheSize,
                        java.time.Clock clock) {
        this.processor = processor;
        this.issuer = issuer;
        this.audience = audience;
        this.cacheSize = cacheSize;
        this.clock = clock;
    }

    public static JwtVerifier create(Settings settings, DeployEnv env) {
        return create(settings, env, java.time.Clock.systemUTC());
    }

    /** As {@link #create(Settings, DeployEnv)}, on {@code clock} for the verified-token cache (tests move it). */
    static JwtVerifier create(Settings settings, DeployEnv env, java.time.Clock clock) {
        JwtOptions options = JwtOptions.from(settings, env);
        int cacheSize = options.cacheSize();
        String secret = options.secret().orElse(null);
        String jwksUrl = options.jwksUrl().orElse(null);
        String issuer = options.issuer();
        String audience = options.audience();
        int leeway = (int) options.leeway().toSeconds();

        if (secret == null && jwksUrl == null) {
            if (env.isProd()) {
                throw new InvalidConfigException(JwtOptions.SECRET.key(),
                        "prod needs BI_JWT_SECRET (HS256, at least 32 bytes) or BI_JWT_JWKS_URL (RS256); refusing to start");
            }
            secret = DEV_SECRET;
            LOG.warning("!!! INSECURE: no BI_JWT_SECRET or BI_JWT_JWKS_URL set; using the public development secret. "
                    + "Anyone can mint tokens for this service. Set BI_JWT_SECRET outside a laptop. !!!");
        }

        List<JWSKeySelector<SecurityContext>> selectors = new java.util.ArrayList<>();
        if (secret != null) {
            // the current secret and, during a rotation, the previous one (BI_JWT_SECRET_PREVIOUS), each under the
            // key id bi-sys puts in the header; a token without kid may match either
            List<JWK> keys = new java.util.ArrayList<>();
            keys.add(new OctetSequenceKey.Builder(secret.getBytes(StandardCharsets.UTF_8)).keyID(kidOf(secret)).build());
            // JwtOptions refused a previous secret that is short or, in prod, the development one: anyone could
            // mint tokens that this service accepts for the whole rotation window
            String previous = options.previousSecret().orElse(null);
            if (previous != null) {
                keys.add(new OctetSequenceKey.Builder(previous.getBytes(StandardCharsets.UTF_8)).keyID(kidOf(previous)).build());
            }
            selectors.add(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableJWKSet<>(new JWKSet(keys))));
        }
        if (jwksUrl != null) {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new InvalidConfigException(JwtOptions.JWKS_URL.key(), "is not a URL: " + jwksUrl);
            }
            selectors.add(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        }

        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // choose the selector by the token's algorithm; anything else (none, HS512, ES256 …) finds no key
        processor.setJWSKeySelector((header, context) -> {
            for (JWSKeySelector<SecurityContext> selector : selectors) {
                var keys = selector.selectJWSKeys(header, context);
                if (!keys.isEmpty()) {
                    return keys;
                }
            }
            return List.of();
        });
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "tenant_id"),
                Set.of());
        claims.setMaxClockSkew(leeway);
        processor.setJWTClaimsSetVerifier(claims);
        return new JwtVerifier(processor, issuer, audience, cacheSize, clock);
    }

    /**
     * The key id of an HS256 secret: {@code hs-} + the first 12 characters of base64url(SHA-256("bi-jwt-kid:" +
     * secret)). Public and not reversible; every holder of the secret computes the same id without configuration.
     */
    public static String kidOf(String secret) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("bi-jwt-kid:" + secret).getBytes(StandardCharsets.UTF_8));
            return "hs-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The caller of a bearer token, or a 401 whose message says what is wrong with it. A verified token is remembered
     * until its {@code exp} (at most {@code bi.jwt.cache.size} tokens, 10000; 0 turns the cache off), so repeated
     * requests with one token skip the signature check; refused tokens are never remembered.
     */
    public Caller verify(String token) {
        if (cacheSize > 0 && token != null) {
            Verified known = verified.get(token);
            if (known != null) {
                if (clock.millis() < known.expiresAtMillis()) {
                    return known.caller();
                }
                verified.remove(token, known);
            }
        }
        return verifyFully(token);
    }

    /** How many tokens went through the full check (signature, claims) — the cache's misses. */
    long fullVerifications() {
        return fullVerifications.get();
    }

    /** How many verified tokens are remembered now. */
    int cachedTokens() {
        return verified.size();
    }

    private void remember(String token, Caller caller, java.util.Date expiry) {
        if (cacheSize <= 0 || token == null || expiry == null) {
            return;
        }
        long now = clock.millis();
        if (verified.size() >= cacheSize) {
            verified.values().removeIf(entry -> entry.expiresAtMillis() <= now);
            if (verified.size() >= cacheSize) {
                verified.clear(); // bounded: a flood of distinct tokens costs a re-check, never memory
            }
        }
        verified.put(token, new Verified(caller, expiry.getTime()));
    }

    private Caller verifyFully(String token) {
        fullVerifications.incrementAndGet();
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw ApiException.unauthorized("the bearer token is not a JWT");
        } catch (BadJWTException e) {
            throw ApiException.unauthorized("the bearer token was refused: " + claimProblem(e.getMessage()));
        } catch (BadJOSEException e) {
            throw ApiException.unauthorized("the bearer token was refused: " + joseProblem(e.getMessage()));
        } catch (JOSEException e) {
            throw ApiException.unauthorized("the bearer token could not be verified");
        }
        try {
            String tenant = claims.getStringClaim("tenant_id");
            Object rawRoles = claims.getClaim("roles");
            Set<String> roles = new LinkedHashSet<>();
            if (rawRoles instanceof List<?> list) {
                for (Object role : list) {
                    roles.add(String.valueOf(role));
                }
            } else if (rawRoles != null) {
                throw ApiException.unauthorized("the bearer token's 'roles' claim must be an array");
            }
            if (tenant == null || tenant.isBlank()) {
                throw ApiException.unauthorized("the bearer token has no tenant_id");
            }
            // a signed token is still input: its values reach SQL, logs and peers, so they obey the same rules
            if (!TenantCodes.valid(tenant)) {
                throw ApiException.unauthorized("the bearer token's tenant_id is not a tenant code (2 to 40 of a-z, 0-9, '-')");
            }
            String subject = claims.getSubject();
            if (subject != null && (subject.length() > 200 || subject.chars().anyMatch(Character::isISOControl))) {
                throw ApiException.unauthorized("the bearer token's sub is longer than 200 characters or holds control characters");
            }
            if (roles.size() > 20) {
                throw ApiException.unauthorized("the bearer token carries more than 20 roles");
            }
            Caller caller = new Caller(tenant, subject, new HashSet<>(roles));
            remember(token, caller, claims.getExpirationTime());
            return caller;
        } catch (ParseException e) {
            throw ApiException.unauthorized("the bearer token's tenant_id must be a string");
        }
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    private static String claimProblem(String message) {
        String m = message == null ? "" : message.toLowerCase();
        if (m.contains("missing")) {
            return "a required claim is missing (" + message + ")";
        }
        if (m.contains("expired")) {
            return "it has expired";
        }
        if (m.contains("audience") || m.contains("aud claim")) {
            return "wrong audience (expected bi-platform tokens)";
        }
        if (m.contains("iss claim")) {
            return "wrong issuer";
        }
        return message;
    }

    private static String joseProblem(String message) {
        String m = message == null ? "" : message.toLowerCase();
        if (m.contains("unsecured") || m.contains("plain")) {
            return "unsigned tokens (alg=none) are not accepted";
        }
        if (m.contains("signature")) {
            return "the signature does not match";
        }
        if (m.contains("key")) {
            return "its algorithm or key is not accepted (HS256 with the shared secret, or RS256 from the JWKS)";
        }
        return message;
    }
}
