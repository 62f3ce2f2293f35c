package com.bi.sys;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bi.common.security.JwtVerifier;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.assertProblem;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #21, the real rotation path: bi-sys signs with the current secret and its {@code kid}; a service started
 * with {@code bi.jwt.secret.previous} (BI_JWT_SECRET_PREVIOUS) keeps accepting tokens signed with the old secret,
 * and refuses them once the previous secret is removed. Three real servers on one database, one after the other.
 */
class KeyRotationTest {
    private static final String OLD = "old-rotation-secret-0123456789-abcdef";
    private static final String NEW = "new-rotation-secret-0123456789-abcdef";
    private static final String OTHER = "someone-elses-secret-0123456789-abcdef";

    private static String loginToken(ServiceUnderTest sys) {
        Response response = sys.http().post(LOGIN, null, login(sys.http(), "platform", "admin", SysTestServer.ADMIN_PASSWORD));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    private static String kid(String bearer) throws Exception {
        return SignedJWT.parse(bearer.substring("Bearer ".length())).getHeader().getKeyID();
    }

    @Test
    void keyRotation_previousSecretVerifiesUntilItIsRemoved() throws Exception {
        String schema = "sys_rotation_" + UUID.randomUUID().toString().substring(0, 8);
        SysTestServer.FakeTenants tenants = new SysTestServer.FakeTenants().add("platform", 10);
        String oldToken;
        try (ServiceUnderTest before = SysTestServer.start(tenants, Map.of("bi.db.schema", schema, "bi.jwt.secret", OLD))) {
            oldToken = loginToken(before);
            assertThat(kid(oldToken), is(JwtVerifier.kidOf(OLD)));
        }

        String newToken;
        try (ServiceUnderTest during = SysTestServer.start(tenants, Map.of("bi.db.schema", schema, "bi.jwt.secret", NEW,
                "bi.jwt.secret.previous", OLD))) {
            Response me = during.http().get("/api/sys/v1/me", oldToken);
            assertThat("a token of the previous secret still works during the rotation: " + me, me.status(), is(200));
            newToken = loginToken(during);
            assertThat("new tokens are signed with the new secret", kid(newToken), is(JwtVerifier.kidOf(NEW)));
            assertThat(during.http().get("/api/sys/v1/me", newToken).status(), is(200));
            // naming the previous key's id does not help a token signed with any other secret
            assertProblem(during.http().get("/api/sys/v1/me", forged(JwtVerifier.kidOf(OLD), OTHER)), 401, null, "");
        }

        try (ServiceUnderTest after = SysTestServer.start(tenants, Map.of("bi.db.schema", schema, "bi.jwt.secret", NEW))) {
            assertProblem(after.http().get("/api/sys/v1/me", oldToken), 401, null, "refused");
            assertThat(after.http().get("/api/sys/v1/me", newToken).status(), is(200));
        }
    }

    private static String forged(String kid, String secret) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("bi-sys").audience("bi-platform").subject("1")
                .expirationTime(new Date(System.currentTimeMillis() + 600_000)).claim("tenant_id", "platform")
                .claim("roles", List.of("PLATFORM_ADMIN")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret));
        return "Bearer " + jwt.serialize();
    }
}
