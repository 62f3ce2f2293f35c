package com.bi.common.spi;

import java.util.Optional;

import com.bi.common.config.DeployEnv;
import io.helidon.config.Config;
import io.helidon.config.spi.ConfigSource;

/**
 * A configuration source above the local layers (the Nacos module provides one), found with
 * {@link java.util.ServiceLoader}. It decides from the local config whether it is enabled (e.g. only when
 * {@code NACOS_SERVER_ADDR} is set) and may fire change events for live reload.
 */
public interface RemoteConfigProvider {
    /**
     * @param service the service name (bi-basic …)
     * @param env     the deployment environment
     * @param local   the local layers (jar, env file, config dir, environment variables)
     * @return the remote source, or empty when not configured
     */
    Optional<ConfigSource> source(String service, DeployEnv env, Config local);
}
