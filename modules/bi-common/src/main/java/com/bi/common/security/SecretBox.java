package com.bi.common.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.Settings;

/**
 * AES-256-GCM for credentials at rest (connector app secrets, access tokens, webhook secrets). The key is
 * {@code bi.crypto.key} ({@code BI_CRYPTO_KEY}, base64 of 32 bytes, from a Kubernetes Secret). Stored form:
 * {@code v2:<key id>:<base64(iv || ciphertext+tag)>} (values written before key ids, {@code v1:<base64>}, are still
 * read); the associated data binds a ciphertext to its row (tenant + purpose), so a value copied to another row does
 * not decrypt. Outside prod, with no key, a fixed development key is used (loudly); prod refuses to start without one,
 * and refuses the development key as the current or the previous key.
 *
 * <p>Rotation: set the new key as {@code bi.crypto.key} and the old one as {@code bi.crypto.key.previous}
 * ({@code BI_CRYPTO_KEY_PREVIOUS}); {@link #open} tries the current key, then the previous one, and
 * {@link #needsReseal} tells which stored values to write again with {@link #seal} before the previous key is dropped.
 */
public final class SecretBox {
    private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DEV_KEY = sha256("bi-platform-dev-crypto-key");

    private record Key(SecretKeySpec spec, String id) {
        static Key of(byte[] raw) {
            if (raw.length != 32) {
                throw new IllegalArgumentException("an AES-256 key has 32 bytes");
            }
            return new Key(new SecretKeySpec(raw, "AES"), idOf(raw));
        }
    }

    private final Key current;
    private final Key previous;

    public SecretBox(byte[] key) {
        this(key, null);
    }

    /** A box sealing with {@code key} and opening with {@code key}, then {@code previousKey} (may be null). */
    public SecretBox(byte[] key, byte[] previousKey) {
        this.current = Key.of(key);
        this.previous = previousKey == null || Arrays.equals(previousKey, key) ? null : Key.of(previousKey);
    }

    public static SecretBox fromSettings(Settings settings, DeployEnv env) {
        byte[] key = decode(settings, CryptoOptions.KEY).orElse(null);
        if (key == null) {
            if (env.isProd()) {
                throw new InvalidConfigException("bi.crypto.key", "is required in prod (base64 of 32 random bytes, from a Secret)");
            }
            LOG.warning("!!! INSECURE: no BI_CRYPTO_KEY; stored credentials use a public development key. Set BI_CRYPTO_KEY. !!!");
            key = DEV_KEY.clone();
        } else if (env.isProd() && Arrays.equals(key, DEV_KEY)) {
            throw new InvalidConfigException("bi.crypto.key", "is the public development key; refusing to start in prod");
        }
        byte[] previousKey = decode(settings, CryptoOptions.PREVIOUS_KEY).orElse(null);
        if (previousKey != null && env.isProd() && Arrays.equals(previousKey, DEV_KEY)) {
            // anything sealed with a public key is readable by anyone: such values must be re-entered, not re-sealed
            throw new InvalidConfigException("bi.crypto.key.previous", "is the public development key; refusing to start in prod");
        }
        return new SecretBox(key, previousKey);
    }

    private static Optional<byte[]> decode(Settings settings, Option<String> option) {
        String name = option.key();
        Optional<String> encoded = settings.optional(option);
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.get());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(name, "must be base64");
        }
        if (raw.length != 32) {
            throw new InvalidConfigException(name, "must decode to 32 bytes (AES-256); got " + raw.length);
        }
        return Optional.of(raw);
    }

    /** Seals with the current key. */
    public String seal(String plain, String context) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "v2:" + current.id() + ":"
                    + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /**
     * Opens a stored value with the current key, else the previous one.
     *
     * @throws UnreadableSecretException when neither key opens it (or it is not a sealed value)
     */
    public String open(String stored, String context) {
        Sealed sealed = Sealed.parse(stored);
        for (Key key : sealed.candidates(current, previous)) {
            Optional<String> plain = tryOpen(key, sealed.payload(), context);
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        throw new UnreadableSecretException("cannot decrypt a stored secret with the current BI_CRYPTO_KEY"
                + (previous == null ? "" : " or BI_CRYPTO_KEY_PREVIOUS")
                + " (the key changed without the old one as BI_CRYPTO_KEY_PREVIOUS, or the value belongs to another row)");
    }

    /**
     * True when {@code stored} was sealed with the previous key (it opens only with that one): write it again with
     * {@link #seal} so the previous key can be dropped. A value of the old {@code v1:} form carries no key id, so it
     * answers true too (re-sealing moves it to the current form); values sealed now answer false.
     */
    public boolean needsReseal(String stored) {
        Sealed sealed;
        try {
            sealed = Sealed.parse(stored);
        } catch (UnreadableSecretException e) {
            return false;
        }
        if (sealed.keyId() == null) {
            return true;
        }
        return previous != null && sealed.keyId().equals(previous.id()) && !sealed.keyId().equals(current.id());
    }

    /** The public id of a key as it appears in stored values: not reversible, the same on every replica. */
    static String idOf(byte[] key) {
        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("bi-crypto-kid:".getBytes(StandardCharsets.UTF_8));
            digest = sha.digest(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 8);
    }

    private static Optional<String> tryOpen(Key key, byte[] all, String context) {
        if (all.length < 12 + 16) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** A stored value taken apart: the key id ({@code v2}) or none ({@code v1}), and iv || ciphertext+tag. */
    private record Sealed(String keyId, byte[] payload) {
        static Sealed parse(String stored) {
            try {
                if (stored != null && stored.startsWith("v2:")) {
                    int colon = stored.indexOf(':', 3);
                    if (colon > 3) {
                        return new Sealed(stored.substring(3, colon), Base64.getDecoder().decode(stored.substring(colon + 1)));
                    }
                } else if (stored != null && stored.startsWith("v1:")) {
                    return new Sealed(null, Base64.getDecoder().decode(stored.substring(3)));
                }
            } catch (IllegalArgumentException e) {
                // not base64: fall through
            }
            throw new UnreadableSecretException("not a sealed value (expected v2:<key id>:<base64> or v1:<base64>)");
        }

        /** The keys worth trying, in order: by key id when the value has one, else current then previous. */
        java.util.List<Key> candidates(Key current, Key previous) {
            java.util.List<Key> keys = new java.util.ArrayList<>(2);
            if (keyId == null || keyId.equals(current.id())) {
                keys.add(current);
            }
            if (previous != null && (keyId == null || keyId.equals(previous.id()))) {
                keys.add(previous);
            }
            return keys;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
