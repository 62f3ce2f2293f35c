package com.bi.basic;

import com.bi.common.config.OptionCatalog;

/** bi-basic reads only the kit's options (database, JWT, tenancy, …); its own catalog is empty. */
public final class BasicOptions {
    /** What bi-basic reads beyond the kit: nothing. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-basic");

    private BasicOptions() {
    }
}
