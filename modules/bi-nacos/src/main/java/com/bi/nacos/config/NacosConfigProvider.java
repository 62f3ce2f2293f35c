package com.bi.nacos.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.common.config.DeployEnv;
import com.bi.common.spi.RemoteConfigProvider;
import com.bi.nacos.NacosOptions;
import io.helidon.config.Config;
import io.helidon.config.spi.ConfigSource;

/** Puts the Nacos source on top of the local layers when {@code NACOS_SERVER_ADDR} is set. */
public final class NacosConfigProvider implements RemoteConfigProvider {
    private static final Map<String, NacosConfigSource> STARTED = new ConcurrentHashMap<>();

    @Override
    public Optional<ConfigSource> source(String service, DeployEnv env, Config local) {
        return NacosOptions.from(local).map(options -> {
            NacosConfigSource source = NacosConfigSource.start(service, env, options, local);
            STARTED.put(service, source);
            return source;
        });
    }

    /** The last source started for a service in this process (for diagnostics and tests). */
    public static Optional<NacosConfigSource> started(String service) {
        return Optional.ofNullable(STARTED.get(service));
    }
}
