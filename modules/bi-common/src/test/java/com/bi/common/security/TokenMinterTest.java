package com.bi.common.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.error.ApiException;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The one minter: service tokens carry the secret's {@code kid} like bi-sys's user tokens, and a secret rotation
 * (new secret current, old one previous, then the old one dropped) treats both kinds alike.
 */
class TokenMinterTest {
    private static final String OLD = "token-minter-test-old-secret-0123456789";
    private static final String NEW = "token-minter-test-new-secret-9876543210";

    private static Settings settings(String secret, String previous) {
        Map<String, String> values = new HashMap<>(Map.of("deploy.env", "test", "bi.jwt.secret", secret));
        if (previous != null) {
            values.put("bi.jwt.secret.previous", previous);
        }
        return new Settings(ConfigLoader.load(values, Map.of()));
    }

    private static String kidOf(String token) throws ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void serviceTokenCarriesTheKidOfItsSecret() throws ParseException {
        String token = new ServiceTokens(settings(OLD, null), "bi-basic").token("tenant-a");
        assertThat(kidOf(token), is(JwtVerifier.kidOf(OLD)));
        Caller caller = JwtVerifier.create(settings(OLD, null), DeployEnv.TEST).verify(token);
        assertThat(caller.tenantId(), is("tenant-a"));
        assertThat(List.copyOf(caller.roles()), is(List.of(Roles.SERVICE)));
    }

    @Test
    void userAndServiceTokensShareTheShapeOfOneMinter() throws ParseException {
        TokenMinter minter = new TokenMinter(OLD, "bi-sys", "bi-platform");
        String user = minter.issue("tenant-a", "42", List.of("ADMIN"), "session-1").token();
        String service = new ServiceTokens(settings(OLD, null), "bi-basic").token("tenant-a");
        assertThat(kidOf(user), is(kidOf(service)));
        assertThat(SignedJWT.parse(user).getJWTClaimsSet().getStringClaim("sid"), is("session-1"));
        assertThat(SignedJWT.parse(service).getJWTClaimsSet().getClaim("sid"), is((Object) null));
    }

    @Test
    void rotationAcceptsOldAndNewDuringTheOverlapAndOnlyNewAfter() {
        String oldService = new ServiceTokens(settings(OLD, null), "bi-basic").token("tenant-a");
        String oldUser = new TokenMinter(OLD, "bi-sys", "bi-platform").token("tenant-a", "42", List.of("ADMIN"), Duration.ofMinutes(5));

        // overlap: peers verify with the new secret and the previous one; services already sign with the new
        JwtVerifier overlap = JwtVerifier.create(settings(NEW, OLD), DeployEnv.TEST);
        String newService = new ServiceTokens(settings(NEW, OLD), "bi-basic").token("tenant-a");
        String newUser = new TokenMinter(NEW, "bi-sys", "bi-platform").token("tenant-a", "42", List.of("ADMIN"), Duration.ofMinutes(5));
        for (String token : List.of(oldService, oldUser, newService, newUser)) {
            assertThat(overlap.verify(token).tenantId(), is("tenant-a"));
        }

        // after: the previous secret is gone, so are its tokens
        JwtVerifier after = JwtVerifier.create(settings(NEW, null), DeployEnv.TEST);
        assertThat(after.verify(newService).tenantId(), is("tenant-a"));
        assertThat(after.verify(newUser).tenantId(), is("tenant-a"));
        for (String token : List.of(oldService, oldUser)) {
            ApiException refused = assertThrows(ApiException.class, () -> after.verify(token));
            assertThat(refused.status(), is(401));
        }
    }

    @Test
    void refusesASecretTooShortForHs256() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenMinter("short-secret", "bi-sys", "bi-platform"));
        assertThat(e.getMessage(), containsString("32 bytes"));
    }
}
