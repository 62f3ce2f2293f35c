package com.bi.plantaoxi;

import com.bi.common.config.OptionCatalog;

/** bi-plan-taoxi reads only the kit's options so far; declare its own here (OptionsDeclarationTest holds the code to it). */
public final class PlanTaoxiOptions {
    /** What bi-plan-taoxi reads beyond the kit: nothing yet. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-plan-taoxi");

    private PlanTaoxiOptions() {
    }
}
