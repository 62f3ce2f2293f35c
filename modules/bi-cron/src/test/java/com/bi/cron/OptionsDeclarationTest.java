package com.bi.cron;

import com.bi.common.config.KitOptions;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

/**
 * bi-cron declares every configuration key its code reads (the kit's and {@link CronOptions}), and the catalog
 * packaged in its jar for Nacos push validation is the one those declarations generate.
 */
class OptionsDeclarationTest {
    @Test
    void everyKeyTheServiceReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(CronOptions.CATALOG));
    }

    @Test
    void packagedCatalogIsCurrent() {
        OptionDeclarations.assertCatalogPackaged(CronOptions.CATALOG);
    }
}
