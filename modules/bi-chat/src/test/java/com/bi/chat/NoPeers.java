package com.bi.chat;

import java.util.Map;

/** Peers at a port nothing listens on, so a test never reaches a bi-analysis or bi-basic another process runs. */
final class NoPeers {
    static final Map<String, String> CONFIG = Map.of("bi.peers.analysis.address", "127.0.0.1:9", "bi.peers.basic.address", "127.0.0.1:9");

    private NoPeers() {
    }
}
