package com.bi.common.security;

/**
 * A stored secret that opens with neither {@code bi.crypto.key} nor {@code bi.crypto.key.previous}: the key changed
 * without the previous one being configured, or the value was copied from another row. The message never carries
 * secret material. An {@link IllegalStateException}, as {@link SecretBox#open} threw before key rotation existed.
 */
public class UnreadableSecretException extends IllegalStateException {
    public UnreadableSecretException(String message) {
        super(message);
    }
}
