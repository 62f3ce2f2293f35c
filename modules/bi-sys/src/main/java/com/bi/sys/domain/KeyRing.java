package com.bi.sys.domain;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.bi.common.security.JwtVerifier;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;

/**
 * The HS256 signing keys: the current one signs, the previous one (during a rotation) still verifies until the
 * tokens it signed have expired. Each key's id ({@code kid}) is derived from the secret, so every service that holds
 * the same secrets computes the same ids without extra configuration.
 */
public final class KeyRing {
    public static final int MIN_SECRET_BYTES = JwtVerifier.MIN_SECRET_BYTES;

    /** One key: its id and its secret. */
    public record Key(String kid, byte[] secret) {
    }

    private final Key current;
    private final List<Key> all;

    public KeyRing(String currentSecret, String previousSecret) {
        this.current = key(currentSecret);
        List<Key> keys = new ArrayList<>();
        keys.add(current);
        if (previousSecret != null && !previousSecret.isBlank() && !previousSecret.equals(currentSecret)) {
            keys.add(key(previousSecret));
        }
        this.all = List.copyOf(keys);
    }

    public Key current() {
        return current;
    }

    public List<Key> all() {
        return all;
    }

    /** The key id of a secret, the same one the kit's verifier derives. */
    public static String kidOf(String secret) {
        return JwtVerifier.kidOf(secret);
    }

    /**
     * True when {@code token} is an HS256 JWT signed by one of the keys: the key named by its {@code kid} when it
     * has one, otherwise any of them. Claims are not checked here (the kit's verifier does that).
     */
    public boolean signedByUs(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return false;
            }
            String kid = jwt.getHeader().getKeyID();
            for (Key key : all) {
                if ((kid == null || kid.equals(key.kid())) && jwt.verify(new MACVerifier(key.secret()))) {
                    return true;
                }
            }
            return false;
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }

    private static Key key(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        return new Key(kidOf(secret), bytes);
    }
}
