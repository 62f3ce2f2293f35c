package com.bi.common.config;

import com.bi.common.data.DatabaseOptions;
import com.bi.common.logging.LoggingOptions;
import com.bi.common.peers.PeersOptions;
import com.bi.common.ratelimit.RateLimitOptions;
import com.bi.common.security.CryptoOptions;
import com.bi.common.security.JwtOptions;
import com.bi.common.tenancy.TenancyOptions;
import com.bi.common.tracing.TracingOptions;
import com.bi.common.work.WorkersOptions;

/** The options of the kit's parts, which every service may read; a service's catalog adds its own groups. */
public final class KitOptions {
    public static final OptionCatalog CATALOG = OptionCatalog.of("kit", ServerOptions.GROUP, LoggingOptions.GROUP,
            TracingOptions.GROUP, DatabaseOptions.GROUP, JwtOptions.GROUP, CryptoOptions.GROUP, TenancyOptions.GROUP,
            RateLimitOptions.GROUP, PeersOptions.GROUP, WorkersOptions.GROUP);

    private KitOptions() {
    }

    /** The kit's options followed by a service's own: what that service may read. */
    public static OptionCatalog with(OptionCatalog service) {
        return new OptionCatalog(service.service(), CATALOG.groups()).plus(service);
    }
}
