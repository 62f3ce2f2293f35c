package com.bi.nacos.discovery;

import java.util.Optional;

import com.bi.common.config.Settings;
import com.bi.common.spi.PeerTargetProvider;
import com.bi.nacos.NacosOptions;

/**
 * gRPC peers through Nacos when it is on: target {@code nacos://<connection>/<service>}, resolved by
 * {@link NacosNameResolverProvider} (the authority names the Nacos connection the kit's settings describe).
 * {@code BI_NACOS_DISCOVERY=false} keeps the static {@code bi.peers.<peer>.address}.
 */
public final class NacosPeerTargetProvider implements PeerTargetProvider {
    @Override
    public Optional<String> target(String peerService, Settings settings) {
        return NacosOptions.from(settings.root()).filter(NacosOptions::discovery)
                .map(options -> "nacos://" + NacosNameResolverProvider.remember(options) + "/" + peerService);
    }
}
