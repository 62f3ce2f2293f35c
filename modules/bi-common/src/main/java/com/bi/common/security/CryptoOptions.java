package com.bi.common.security;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;

/** The key sealing stored credentials ({@link SecretBox}); read by the services that store them. */
public final class CryptoOptions {
    public static final Option<String> KEY = Option.string("bi.crypto.key", null,
            "base64 of 32 bytes sealing stored credentials (AES-GCM); required in prod")
            .defaultText("the public development key outside prod").secret();
    public static final Option<String> PREVIOUS_KEY = Option.string("bi.crypto.key.previous", null,
            "during a rotation: the previous key, still opening values that are re-sealed with the new one").secret();

    public static final OptionGroup GROUP = OptionGroup.of("crypto", "Stored-credential encryption", KEY, PREVIOUS_KEY);

    private CryptoOptions() {
    }
}
