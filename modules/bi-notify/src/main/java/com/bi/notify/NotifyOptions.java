package com.bi.notify;

import com.bi.common.config.OptionCatalog;

/** bi-notify reads only the kit's options so far; declare its own here (OptionsDeclarationTest holds the code to it). */
public final class NotifyOptions {
    /** What bi-notify reads beyond the kit: nothing yet. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-notify");

    private NotifyOptions() {
    }
}
