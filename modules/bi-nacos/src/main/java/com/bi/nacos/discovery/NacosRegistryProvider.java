package com.bi.nacos.discovery;

import java.util.Optional;

import com.bi.common.config.Settings;
import com.bi.common.spi.ServiceRegistry;
import com.bi.common.spi.ServiceRegistryProvider;
import com.bi.nacos.NacosOptions;

/** Registration in Nacos when {@code NACOS_SERVER_ADDR} is set and {@code BI_NACOS_DISCOVERY} is not false. */
public final class NacosRegistryProvider implements ServiceRegistryProvider {
    @Override
    public Optional<ServiceRegistry> create(String service, Settings settings) {
        return NacosOptions.from(settings.root()).filter(NacosOptions::discovery).map(NacosRegistry::new);
    }
}
