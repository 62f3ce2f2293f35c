package com.bi.common.spi;

import java.util.Optional;

import com.bi.common.config.Settings;

/** Opens a {@link ServiceRegistry} when the settings enable one (found with {@link java.util.ServiceLoader}). */
public interface ServiceRegistryProvider {
    Optional<ServiceRegistry> create(String service, Settings settings);
}
