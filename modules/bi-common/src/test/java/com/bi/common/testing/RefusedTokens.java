package com.bi.common.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bi.common.security.TokenMinter;

/**
 * Bearer headers every service must refuse with a 401 problem, and a word its detail must contain (empty: any
 * detail): not a JWT, expired, signed with another secret (its {@code kid} names no key the service has), meant for
 * another audience, from another issuer. One list, so every service's bad-token test asks the same questions.
 */
public final class RefusedTokens {
    private RefusedTokens() {
    }

    public static Map<String, String> of(String tenant) {
        List<String> admin = List.of("ADMIN");
        Duration valid = Duration.ofMinutes(5);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("Bearer not.a.jwt", "");
        refused.put("Bearer " + TestTokens.ISSUER.token(tenant, "u", admin, Duration.ofMinutes(-5)), "expired");
        refused.put("Bearer " + new TokenMinter("another-secret-of-at-least-32-bytes!!", "bi-sys", "bi-platform")
                .token(tenant, "u", admin, valid), "key is not accepted");
        refused.put("Bearer " + new TokenMinter(TestTokens.SECRET, "bi-sys", "someone-else").token(tenant, "u", admin, valid), "audience");
        refused.put("Bearer " + new TokenMinter(TestTokens.SECRET, "evil", "bi-platform").token(tenant, "u", admin, valid), "issuer");
        return refused;
    }
}
