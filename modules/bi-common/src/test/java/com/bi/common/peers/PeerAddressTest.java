package com.bi.common.peers;

import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.tracing.Tracing;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A peer's address goes through the kit's one host:port parser: what the declared shape lets through (a scheme, an
 * unbracketed IPv6 address, a zero-padded port) is refused naming the key, before any channel exists.
 */
class PeerAddressTest {
    private static Peers peers(String address) {
        Settings settings = new Settings(ConfigLoader.load(Map.of("bi.peers.basic.address", address), Map.of()));
        return new Peers(settings, () -> settings, Tracing.create("svc-peer-address", "test", settings));
    }

    @Test
    void addressesTheDeclaredShapeAcceptsButHostPortRefusesStopTheCallNamingTheKey() {
        for (String address : new String[] {"http://basic:9003", "::1:9003", "basic:09003", "bad host:9003"}) {
            Peers peers = peers(address);
            try {
                InvalidConfigException e = assertThrows(InvalidConfigException.class,
                        () -> peers.channel("bi-basic", "localhost:9003"), address);
                assertThat(e.getMessage(), containsString("bi.peers.basic.address"));
            } finally {
                peers.close();
            }
        }
    }

    @Test
    void aNameOrBracketedAddressWithAPortMakesAChannel() {
        for (String address : new String[] {"bi-basic.bi.svc.cluster.local:9003", "127.0.0.1:9003", "[::1]:9003"}) {
            Peers peers = peers(address);
            try {
                assertThat(address, peers.channel("bi-basic", "localhost:9003"), notNullValue());
            } finally {
                peers.close();
            }
        }
    }
}
