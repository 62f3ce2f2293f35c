package com.bi.notify.data;

import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.ChannelSecrets;
import com.bi.notify.domain.ChannelSender;
import com.bi.notify.domain.OutgoingMessage;

/** Every channel kind: EMAIL over SMTP, the others over HTTP. */
public final class ChannelSenders implements ChannelSender {
    private final HttpChannelSender http;
    private final EmailSender email;

    public ChannelSenders(HttpChannelSender http, EmailSender email) {
        this.http = http;
        this.email = email;
    }

    @Override
    public void send(Channel channel, ChannelSecrets secrets, OutgoingMessage message) throws Failure {
        if (channel.kind() == ChannelKind.EMAIL) {
            email.send(channel, secrets, message);
        } else {
            http.send(channel, secrets, message);
        }
    }

    @Override
    public int posts(Channel channel, OutgoingMessage message) {
        return channel.kind() == ChannelKind.EMAIL ? 1 : http.posts(channel, message);
    }
}
