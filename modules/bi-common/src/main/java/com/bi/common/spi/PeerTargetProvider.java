package com.bi.common.spi;

import java.util.Optional;

import com.bi.common.config.Settings;

/**
 * Where gRPC peers are found when discovery is on: a grpc-java target such as {@code nacos:///bi-basic}, resolved by
 * a {@code io.grpc.NameResolverProvider} the same module registers. Without a provider (or when it answers empty)
 * peers use the static {@code bi.peers.<peer>.address}.
 */
public interface PeerTargetProvider {
    Optional<String> target(String peerService, Settings settings);
}
