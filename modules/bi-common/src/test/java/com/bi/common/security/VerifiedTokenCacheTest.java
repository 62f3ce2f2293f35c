package com.bi.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The verifier remembers verified tokens until their expiry, bounded, and never remembers a refused one. */
class VerifiedTokenCacheTest {
    private static final String SECRET = "verified-token-cache-test-0123456789abcd";
    private static final TokenMinter ISSUER = new TokenMinter(SECRET, "bi-sys", "bi-platform");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static JwtVerifier verifier(ManualClock clock, int size) {
        return JwtVerifier.create(new Settings(ConfigLoader.load(Map.of("bi.jwt.secret", SECRET,
                "bi.jwt.cache.size", Integer.toString(size)), Map.of())), DeployEnv.TEST, clock);
    }

    @Test
    void aVerifiedTokenIsCheckedOnceUntilItExpires() {
        ManualClock clock = new ManualClock();
        JwtVerifier verifier = verifier(clock, 100);
        String token = ISSUER.token("tenant-a", "user-1", List.of("VIEWER"), Duration.ofMinutes(5));
        for (int i = 0; i < 100; i++) {
            Caller caller = verifier.verify(token);
            assertThat(caller.tenantId(), is("tenant-a"));
            assertThat(caller.roles(), is(java.util.Set.of("VIEWER")));
        }
        assertThat(verifier.fullVerifications(), is(1L));
        // past its exp (by this verifier's clock) the cached answer is not used: the full check runs again
        clock.advance(Duration.ofMinutes(6));
        verifier.verify(token);
        assertThat(verifier.fullVerifications(), is(2L));
    }

    @Test
    void refusedTokensAreNeverRemembered() {
        JwtVerifier verifier = verifier(new ManualClock(), 100);
        String forged = new TokenMinter("another-secret-of-enough-length-0123456789", "bi-sys", "bi-platform")
                .token("tenant-a", "user-1", List.of("ADMIN"), Duration.ofMinutes(5));
        assertThrows(ApiException.class, () -> verifier.verify(forged));
        assertThrows(ApiException.class, () -> verifier.verify(forged));
        assertThat(verifier.fullVerifications(), is(2L));
        assertThat(verifier.cachedTokens(), is(0));
    }

    @Test
    void theCacheIsBounded() {
        JwtVerifier verifier = verifier(new ManualClock(), 10);
        for (int i = 0; i < 50; i++) {
            verifier.verify(ISSUER.token("tenant-" + (char) ('a' + i % 26) + i, "user", List.of("VIEWER"), Duration.ofMinutes(5)));
            assertThat(verifier.cachedTokens(), lessThanOrEqualTo(10));
        }
        assertThat(verifier.fullVerifications(), is(50L));
        JwtVerifier off = verifier(new ManualClock(), 0);
        String token = ISSUER.token("tenant-a", "user-1", List.of("VIEWER"), Duration.ofMinutes(5));
        off.verify(token);
        off.verify(token);
        assertThat(off.fullVerifications(), is(2L));
        assertThat(off.cachedTokens(), is(0));
    }
}
