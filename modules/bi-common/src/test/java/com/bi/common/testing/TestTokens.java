package com.bi.common.testing;

import java.time.Duration;
import java.util.List;

import com.bi.common.security.TokenMinter;

/** Tokens signed with the test secret that {@link TestKits} configures. */
public final class TestTokens {
    public static final String SECRET = "bi-platform-test-secret-0123456789abcdef";
    public static final TokenMinter ISSUER = new TokenMinter(SECRET, "bi-sys", "bi-platform");

    private TestTokens() {
    }

    public static String token(String tenant, String... roles) {
        return ISSUER.token(tenant, "user-" + tenant, List.of(roles), Duration.ofMinutes(10));
    }

    public static String bearer(String tenant, String... roles) {
        return "Bearer " + token(tenant, roles);
    }
}
