package com.bi.common.config;

import java.util.Locale;

/** The environment a service runs in, from {@code DEPLOY_ENV}; prod refuses insecure defaults. */
public enum DeployEnv {
    DEV, TEST, PROD;

    public static DeployEnv parse(String value) {
        if (value == null || value.isBlank()) {
            return DEV;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("deploy.env", "must be one of dev, test, prod; got '" + value + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isProd() {
        return this == PROD;
    }
}
