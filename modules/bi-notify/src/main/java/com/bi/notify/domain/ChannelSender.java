package com.bi.notify.domain;

/** Sends one message to one channel (the HTTP robots and webhooks, SMTP): one attempt, no retry of its own. */
public interface ChannelSender {
    /**
     * Sends {@code message} to {@code channel} with its opened {@code secrets}.
     *
     * @throws Failure when the channel did not accept it; its message never contains a secret
     */
    void send(Channel channel, ChannelSecrets secrets, OutgoingMessage message) throws Failure;

    /** How many requests sending {@code message} makes to the channel (what its rate limit counts). */
    int posts(Channel channel, OutgoingMessage message);

    /** A failed attempt: {@code permanent} when retrying cannot help (the address is refused, the message too large). */
    final class Failure extends Exception {
        private final boolean permanent;
        private final int postsDone;

        public Failure(String message, boolean permanent) {
            this(message, permanent, -1);
        }

        /** {@code postsDone}: requests of the message the channel has accepted so far (-1: unchanged). */
        public Failure(String message, boolean permanent, int postsDone) {
            super(message, null, false, false);
            this.permanent = permanent;
            this.postsDone = postsDone;
        }

        public boolean permanent() {
            return permanent;
        }

        public int postsDone() {
            return postsDone;
        }
    }
}
