package com.bi.notify;

import com.bi.common.server.ServiceRuntime;

/** bi-notify: channels, deliveries, retries. Its ports and API prefix are its line in the service catalog. */
public final class Main {
    public static final String NAME = NotifyService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new NotifyService());
    }
}
