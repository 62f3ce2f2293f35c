package com.bi.common.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.error.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HS256 with the shared secret, RS256 from a JWKS served over HTTP, and every refusal with its reason. */
class JwtVerifierTest {
    private static final String SECRET = "jwt-verifier-test-secret-0123456789abcd";
    private static RSAKey signingKey;
    private static RSAKey strangerKey;
    private static HttpServer jwks;
    private static JwtVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        Settings settings = new Settings(ConfigLoader.load(Map.of(
                "bi.jwt.secret", SECRET,
                "bi.jwt.jwks.url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"), Map.of()));
        verifier = JwtVerifier.create(settings, DeployEnv.TEST);
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("bi-sys").audience("bi-platform").subject("user-1")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("tenant_id", "t-1")
                .claim("roles", List.of("ADMIN", "VIEWER"));
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String hs(JWSAlgorithm alg, String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String refusal(String token) {
        ApiException e = assertThrows(ApiException.class, () -> verifier.verify(token));
        assertThat(e.status(), is(401));
        return e.getMessage();
    }

    @Test
    void acceptsBothConfiguredAlgorithms() throws Exception {
        Caller rs = verifier.verify(rs256(signingKey, claims().build()));
        assertThat(rs.tenantId(), is("t-1"));
        assertThat(rs.userId(), is("user-1"));
        assertThat(rs.roles().contains("ADMIN"), is(true));
        assertThat(verifier.verify(hs(JWSAlgorithm.HS256, SECRET, claims().build())).tenantId(), is("t-1"));
    }

    @Test
    void refusesWithAReason() throws Exception {
        assertThat(refusal(rs256(strangerKey, claims().build())), containsString("signature"));
        assertThat(refusal(hs(JWSAlgorithm.HS512, SECRET + SECRET, claims().build())), containsString("not accepted"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().expirationTime(new Date(System.currentTimeMillis() - 120_000)).build())),
                containsString("expired"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().audience("other").build())), containsString("audience"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().issuer("evil").build())), containsString("issuer"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().claim("tenant_id", null).build())), containsString("missing"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().claim("roles", "ADMIN").build())), containsString("array"));
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims().build()).serialize();
        assertThat(refusal(unsigned), containsString("alg=none"));
        assertThat(refusal("garbage"), containsString("not a JWT"));
    }

    /** Hostile-input finding F2: a correctly signed token is still input; NUL in tenant_id reached SQL as a 500. */
    @Test
    void signedTokensWithValuesNoTenantOrUserCanHaveAreRefused() throws Exception {
        for (String tenant : new String[] {"a\u0000b", "T-UPPER", "x".repeat(3000), "t", "tenant a", "../etc"}) {
            assertThat(tenant.length() > 20 ? tenant.substring(0, 20) : tenant,
                    refusal(hs(JWSAlgorithm.HS256, SECRET, claims().claim("tenant_id", tenant).build())), containsString("tenant code"));
        }
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().subject("u\u0000").build())), containsString("sub"));
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().subject("u".repeat(201)).build())), containsString("sub"));
        List<String> manyRoles = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "ROLE_" + i).toList();
        assertThat(refusal(hs(JWSAlgorithm.HS256, SECRET, claims().claim("roles", manyRoles).build())), containsString("roles"));
    }

    @Test
    void issuerRoundTrip() {
        String token = new TokenMinter(SECRET, "bi-sys", "bi-platform").token("t-9", "u-9", List.of("VIEWER"), Duration.ofMinutes(1));
        Caller caller = verifier.verify(token);
        assertThat(caller.tenantId(), is("t-9"));
        assertThat(caller.hasAnyRole(Roles.READ), is(true));
        assertThat(caller.hasAnyRole(Roles.WRITE), is(false));
    }
}
