package com.bi.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/**
 * How tokens are verified (every service) and signed (bi-sys, service tokens). The secrets' rules live here once:
 * at least {@value JwtVerifier#MIN_SECRET_BYTES} bytes, and never the public development secret in prod. What to
 * do when no secret is set differs by use and stays with {@link JwtVerifier} and {@link ServiceTokens}.
 */
public record JwtOptions(Optional<String> secret, Optional<String> previousSecret, Optional<String> jwksUrl,
                         String issuer, String audience, Duration leeway, int cacheSize) {
    public static final Option<String> SECRET = Option.string("bi.jwt.secret", null,
            "HS256 secret shared with bi-sys and the gateway (at least 32 bytes)")
            .defaultText("the public development secret outside prod").secret();
    public static final Option<String> PREVIOUS_SECRET = Option.string("bi.jwt.secret.previous", null,
            "during a rotation: the old secret, still accepted until its tokens expire (tokens carry a kid derived from each secret)")
            .secret();
    public static final Option<String> JWKS_URL = Option.string("bi.jwt.jwks.url", null, "RS256 keys (e.g. bi-sys's JWKS endpoint)");
    public static final Option<String> ISSUER = Option.string("bi.jwt.issuer", "bi-sys", "required iss");
    public static final Option<String> AUDIENCE = Option.string("bi.jwt.audience", "bi-platform", "required aud");
    public static final Option<Duration> LEEWAY = Option.duration("bi.jwt.leeway", Duration.ofSeconds(30), Duration.ZERO,
            Duration.ofMinutes(5), "clock skew allowed on exp");
    public static final Option<Integer> CACHE_SIZE = Option.integer("bi.jwt.cache.size", 10_000, 0, 1_000_000,
            "verified tokens remembered until their exp (0 turns the cache off); refused tokens are never cached");

    public static final OptionGroup GROUP = OptionGroup.of("jwt", "JWT", SECRET, PREVIOUS_SECRET, JWKS_URL, ISSUER,
            AUDIENCE, LEEWAY, CACHE_SIZE);

    public static JwtOptions from(Settings s, DeployEnv env) {
        Optional<String> secret = s.optional(SECRET);
        secret.ifPresent(value -> checkSecret(SECRET.key(), value, env));
        Optional<String> previous = s.optional(PREVIOUS_SECRET).filter(p -> secret.isPresent() && !p.equals(secret.get()));
        previous.ifPresent(value -> checkSecret(PREVIOUS_SECRET.key(), value, env));
        return new JwtOptions(secret, previous, s.optional(JWKS_URL), s.get(ISSUER), s.get(AUDIENCE), s.get(LEEWAY),
                s.get(CACHE_SIZE));
    }

    private static void checkSecret(String key, String value, DeployEnv env) {
        if (env.isProd() && JwtVerifier.DEV_SECRET.equals(value)) {
            throw new InvalidConfigException(key, "is the public development secret; refusing to start in prod");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length < JwtVerifier.MIN_SECRET_BYTES) {
            throw new InvalidConfigException(key, "must be at least " + JwtVerifier.MIN_SECRET_BYTES + " bytes for HS256");
        }
    }

    @Override
    public String toString() {
        return "JwtOptions[secret=" + (secret.isPresent() ? "***" : "none") + ", jwksUrl=" + jwksUrl.orElse("none")
                + ", issuer=" + issuer + ", audience=" + audience + ", leeway=" + leeway + ", cacheSize=" + cacheSize + "]";
    }
}
