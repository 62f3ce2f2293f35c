package com.bi.common.config;

/** A configuration value that stops the service at start; the message names the key (and its environment variable). */
public final class InvalidConfigException extends RuntimeException {
    private final String key;

    public InvalidConfigException(String key, String problem) {
        super("invalid configuration '" + key + "' (env " + Settings.envName(key) + "): " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
