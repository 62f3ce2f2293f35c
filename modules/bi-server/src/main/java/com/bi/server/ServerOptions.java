package com.bi.server;

import com.bi.common.config.OptionCatalog;

/** bi-server reads only the kit's options so far; declare its own here (OptionsDeclarationTest holds the code to it). */
public final class ServerOptions {
    /** What bi-server reads beyond the kit: nothing yet. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-server");

    private ServerOptions() {
    }
}
