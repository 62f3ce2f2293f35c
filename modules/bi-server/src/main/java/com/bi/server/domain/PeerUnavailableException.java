package com.bi.server.domain;

/**
 * A peer service could not answer (down, timed out, its circuit open): the dashboard shows that section as
 * unavailable instead of failing the whole answer.
 */
public final class PeerUnavailableException extends RuntimeException {
    private final String peer;

    public PeerUnavailableException(String peer, String reason, Throwable cause) {
        super(peer + " is not available: " + reason, cause);
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }
}
