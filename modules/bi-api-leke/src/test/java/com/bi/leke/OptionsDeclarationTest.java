package com.bi.leke;

import com.bi.common.config.KitOptions;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

/**
 * bi-api-leke declares every configuration key its code reads (the kit's and {@link LekeOptions}), and the catalog
 * packaged in its jar for Nacos push validation is the one those declarations generate.
 */
class OptionsDeclarationTest {
    @Test
    void everyKeyTheServiceReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(LekeOptions.CATALOG));
    }

    @Test
    void packagedCatalogIsCurrent() {
        OptionDeclarations.assertCatalogPackaged(LekeOptions.CATALOG);
    }
}
