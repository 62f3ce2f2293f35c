package com.bi.tenant;

import com.bi.common.config.OptionCatalog;

/** bi-tenant reads only the kit's options (database, JWT, tenancy, …); its own catalog is empty. */
public final class TenantOptions {
    /** What bi-tenant reads beyond the kit: nothing. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-tenant");

    private TenantOptions() {
    }
}
