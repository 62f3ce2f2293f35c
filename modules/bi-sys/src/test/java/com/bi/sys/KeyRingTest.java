package com.bi.sys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.bi.sys.domain.AccessTokens;
import com.bi.sys.domain.KeyRing;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Key ids and rotation: the previous key keeps verifying its tokens; a third key does not. */
class KeyRingTest {
    private static final String OLD = "old-secret-0123456789-0123456789-abcdef";
    private static final String NEW = "new-secret-0123456789-0123456789-abcdef";

    @Test
    void rotation() throws Exception {
        KeyRing before = new KeyRing(OLD, null);
        AccessTokens oldIssuer = new AccessTokens(before, "bi-sys", "bi-platform", "bi-sys", Duration.ofMinutes(15), true, Clock.systemUTC());
        String oldToken = oldIssuer.issue("t", "1", List.of("ADMIN"), null).token();
        assertThat(SignedJWT.parse(oldToken).getHeader().getKeyID(), is(KeyRing.kidOf(OLD)));

        KeyRing during = new KeyRing(NEW, OLD);
        String newToken = new AccessTokens(during, "bi-sys", "bi-platform", "bi-sys", Duration.ofMinutes(15), true, Clock.systemUTC())
                .issue("t", "1", List.of("ADMIN"), null).token();
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID(), is(KeyRing.kidOf(NEW)));
        assertThat(KeyRing.kidOf(NEW), not(is(KeyRing.kidOf(OLD))));
        assertThat(during.signedByUs(oldToken), is(true));
        assertThat(during.signedByUs(newToken), is(true));
        assertThat(before.signedByUs(newToken), is(false));

        KeyRing after = new KeyRing(NEW, null);
        assertThat(after.signedByUs(oldToken), is(false));
        // a token without kid is tried against every key
        String noKid = new AccessTokens(before, "bi-sys", "bi-platform", "bi-sys", Duration.ofMinutes(15), false, Clock.systemUTC())
                .issue("t", "1", List.of("ADMIN"), null).token();
        assertThat(during.signedByUs(noKid), is(true));
        assertThrows(IllegalArgumentException.class, () -> new KeyRing("too-short", null));
    }
}
