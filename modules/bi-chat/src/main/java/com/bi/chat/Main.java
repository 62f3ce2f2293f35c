package com.bi.chat;

import com.bi.common.server.ServiceRuntime;

/** bi-chat: plain-language questions → metric queries. Its ports and API prefix are its line in the service catalog. */
public final class Main {
    public static final String NAME = ChatService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new ChatService());
    }
}
