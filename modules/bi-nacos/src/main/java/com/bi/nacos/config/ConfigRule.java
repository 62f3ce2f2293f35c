package com.bi.nacos.config;

import com.bi.common.config.Settings;

/**
 * A service's own check of a pushed configuration (found with {@link java.util.ServiceLoader}), run after the
 * built-in ones on the merged view (local layers with the candidate on top). Throw
 * {@link com.bi.common.config.InvalidConfigException} (or {@link RejectedConfigException}) to reject it.
 */
public interface ConfigRule {
    void check(String service, Settings merged);
}
