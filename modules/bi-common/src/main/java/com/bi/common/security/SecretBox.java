package com.bi.common.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;

/**
 * AES-256-GCM for credentials at rest (connector app secrets, access tokens, webhook secrets). The key is
 * {@code bi.crypto.key} ({@code BI_CRYPTO_KEY}, base64 of 32 bytes, from a Kubernetes Secret). Stored form:
 * {@code v1:<base64(iv || ciphertext+tag)>}; the associated data binds a ciphertext to its row (tenant + purpose),
 * so a value copied to another row does not decrypt. Outside prod, with no key, a fixed development key is used
 * (loudly); prod refuses to start without one.
 */
public final class SecretBox {
    private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public static SecretBox fromSettings(Settings settings, DeployEnv env) {
        String encoded = settings.optionalString("bi.crypto.key").orElse(null);
        if (encoded == null) {
            if (env.isProd()) {
                throw new InvalidConfigException("bi.crypto.key", "is required in prod (base64 of 32 random bytes, from a Secret)");
            }
            LOG.warning("!!! INSECURE: no BI_CRYPTO_KEY; stored credentials use a public development key. Set BI_CRYPTO_KEY. !!!");
            try {
                return new SecretBox(MessageDigest.getInstance("SHA-256").digest("bi-platform-dev-crypto-key".getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("bi.crypto.key", "must be base64");
        }
        if (raw.length != 32) {
            throw new InvalidConfigException("bi.crypto.key", "must decode to 32 bytes (AES-256); got " + raw.length);
        }
        return new SecretBox(raw);
    }

    public String seal(String plain, String context) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public String open(String stored, String context) {
        if (stored == null || !stored.startsWith("v1:")) {
            throw new IllegalStateException("not a sealed value");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt a stored secret (wrong BI_CRYPTO_KEY?)", e);
        }
    }
}
