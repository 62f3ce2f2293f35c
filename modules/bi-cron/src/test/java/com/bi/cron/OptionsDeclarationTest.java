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
        // as bi-nacos's validator sees it: the kit's, bi-cron's and Nacos's own connection keys (nacos-backup)
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(CronOptions.CATALOG)
                .plus(com.bi.common.config.OptionCatalog.of("bi-nacos", com.bi.nacos.NacosOptions.GROUP)));
    }

    @Test
    void packagedCatalogIsCurrent() {
        OptionDeclarations.assertCatalogPackaged(CronOptions.CATALOG);
    }
}
