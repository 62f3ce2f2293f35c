package com.bi.cron.data;

/** What every gRPC call of bi-cron shares. */
final class Peer {
    /** The operator tenant: platform-wide calls (ListTenants, Purge) use its SERVICE token. */
    static final String PLATFORM_TENANT = "platform";

    private Peer() {
    }
}
