package com.bi.template;

import com.bi.common.config.OptionCatalog;

/** bi-template reads only the kit's options so far; declare its own here (OptionsDeclarationTest holds the code to it). */
public final class TemplateOptions {
    /** What bi-template reads beyond the kit: nothing yet. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-template");

    private TemplateOptions() {
    }
}
