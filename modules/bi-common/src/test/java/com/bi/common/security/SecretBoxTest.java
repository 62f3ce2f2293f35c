package com.bi.common.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sealing, row binding, and key rotation: the previous key still opens, needsReseal says what to re-seal. */
class SecretBoxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CONTEXT = "jushuitan:tenant-a:shop-1:secret";

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Settings settings(Map<String, String> env) {
        return new Settings(ConfigLoader.load(Map.of(), env));
    }

    /** A value in the form the kit wrote before key ids ({@code v1:base64(iv || ciphertext+tag)}). */
    private static String legacySeal(byte[] key, String plain, String context) throws Exception {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return "v1:" + b64(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    }

    @Test
    void sealsAndOpensBoundToItsRow() {
        SecretBox box = new SecretBox(key());
        String stored = box.seal("app-secret-1", CONTEXT);
        assertThat(stored, startsWith("v2:"));
        assertThat(stored, not(containsString("app-secret-1")));
        assertThat(box.open(stored, CONTEXT), is("app-secret-1"));
        assertThat(box.needsReseal(stored), is(false));
        // copied to another row: refused with the rotation-aware exception, never garbage
        assertThrows(UnreadableSecretException.class, () -> box.open(stored, "jushuitan:tenant-b:shop-1:secret"));
        assertThrows(UnreadableSecretException.class, () -> box.open("plain text", CONTEXT));
        assertThrows(UnreadableSecretException.class, () -> box.open("v2:abc:!!!", CONTEXT));
        assertThrows(UnreadableSecretException.class, () -> box.open(null, CONTEXT));
    }

    @Test
    void rotationOpensWithThePreviousKeyAndAsksForAReseal() {
        byte[] oldKey = key();
        byte[] newKey = key();
        String sealedBefore = new SecretBox(oldKey).seal("token-42", CONTEXT);

        SecretBox rotating = new SecretBox(newKey, oldKey);
        assertThat(rotating.open(sealedBefore, CONTEXT), is("token-42"));
        assertThat(rotating.needsReseal(sealedBefore), is(true));
        String resealed = rotating.seal(rotating.open(sealedBefore, CONTEXT), CONTEXT);
        assertThat(rotating.needsReseal(resealed), is(false));

        // after the rotation (previous key dropped): re-sealed values open, forgotten ones are reported, not leaked
        SecretBox after = new SecretBox(newKey);
        assertThat(after.open(resealed, CONTEXT), is("token-42"));
        UnreadableSecretException unreadable = assertThrows(UnreadableSecretException.class, () -> after.open(sealedBefore, CONTEXT));
        assertThat(unreadable, org.hamcrest.Matchers.instanceOf(IllegalStateException.class));
        assertThat(unreadable.getMessage(), containsString("BI_CRYPTO_KEY"));
        assertThat(unreadable.getMessage(), not(containsString("token-42")));
        assertThat(unreadable.getMessage(), not(containsString(b64(oldKey))));
        assertThat(unreadable.getMessage(), not(containsString(b64(newKey))));
        assertThat(after.needsReseal(sealedBefore), is(false)); // no key opens it: re-sealing cannot help

        // a wrong previous key does not open it either
        SecretBox wrongPrevious = new SecretBox(newKey, key());
        assertThrows(UnreadableSecretException.class, () -> wrongPrevious.open(sealedBefore, CONTEXT));
    }

    @Test
    void valuesWrittenBeforeKeyIdsStillOpen() throws Exception {
        byte[] oldKey = key();
        byte[] newKey = key();
        String legacy = legacySeal(oldKey, "webhook-secret", CONTEXT);
        assertThat(new SecretBox(oldKey).open(legacy, CONTEXT), is("webhook-secret"));
        SecretBox rotating = new SecretBox(newKey, oldKey);
        assertThat(rotating.open(legacy, CONTEXT), is("webhook-secret"));
        assertThat(rotating.needsReseal(legacy), is(true));
        assertThrows(UnreadableSecretException.class, () -> new SecretBox(newKey).open(legacy, CONTEXT));
    }

    @Test
    void previousKeyComesFromConfigAndIsValidated() {
        byte[] oldKey = key();
        byte[] newKey = key();
        String sealedBefore = new SecretBox(oldKey).seal("s", CONTEXT);
        SecretBox fromEnv = SecretBox.fromSettings(settings(Map.of("BI_CRYPTO_KEY", b64(newKey),
                "BI_CRYPTO_KEY_PREVIOUS", b64(oldKey))), DeployEnv.PROD);
        assertThat(fromEnv.open(sealedBefore, CONTEXT), is("s"));

        InvalidConfigException notBase64 = assertThrows(InvalidConfigException.class, () -> SecretBox.fromSettings(
                settings(Map.of("BI_CRYPTO_KEY", b64(newKey), "BI_CRYPTO_KEY_PREVIOUS", "not base64!")), DeployEnv.DEV));
        assertThat(notBase64.key(), is("bi.crypto.key.previous"));
        InvalidConfigException shortKey = assertThrows(InvalidConfigException.class, () -> SecretBox.fromSettings(
                settings(Map.of("BI_CRYPTO_KEY", b64(newKey), "BI_CRYPTO_KEY_PREVIOUS", b64(new byte[16]))), DeployEnv.DEV));
        assertThat(shortKey.getMessage(), containsString("32 bytes"));
    }

    @Test
    void prodRefusesThePublicDevelopmentKeyAsCurrentOrPrevious() throws Exception {
        String devKey = b64(MessageDigest.getInstance("SHA-256").digest("bi-platform-dev-crypto-key".getBytes(StandardCharsets.UTF_8)));
        // what a dev install sealed with the development key is readable during a rotation outside prod
        String sealedInDev = SecretBox.fromSettings(settings(Map.of()), DeployEnv.DEV).seal("dev-secret", CONTEXT);
        SecretBox devRotation = SecretBox.fromSettings(settings(Map.of("BI_CRYPTO_KEY", b64(key()),
                "BI_CRYPTO_KEY_PREVIOUS", devKey)), DeployEnv.TEST);
        assertThat(devRotation.open(sealedInDev, CONTEXT), is("dev-secret"));

        InvalidConfigException previous = assertThrows(InvalidConfigException.class, () -> SecretBox.fromSettings(
                settings(Map.of("BI_CRYPTO_KEY", b64(key()), "BI_CRYPTO_KEY_PREVIOUS", devKey)), DeployEnv.PROD));
        assertThat(previous.key(), is("bi.crypto.key.previous"));
        assertThat(previous.getMessage(), containsString("(env BI_CRYPTO_KEY_PREVIOUS)"));
        assertThat(previous.getMessage(), containsString("public development key"));

        InvalidConfigException current = assertThrows(InvalidConfigException.class, () -> SecretBox.fromSettings(
                settings(Map.of("BI_CRYPTO_KEY", devKey)), DeployEnv.PROD));
        assertThat(current.key(), is("bi.crypto.key"));
        InvalidConfigException missing = assertThrows(InvalidConfigException.class,
                () -> SecretBox.fromSettings(settings(Map.of()), DeployEnv.PROD));
        assertThat(missing.key(), is("bi.crypto.key"));
    }
}
