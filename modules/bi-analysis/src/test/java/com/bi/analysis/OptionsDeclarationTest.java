package com.bi.analysis;

import com.bi.common.config.KitOptions;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

/**
 * bi-analysis declares every configuration key its code reads (the kit's and {@link AnalysisOptions}), and the catalog
 * packaged in its jar for Nacos push validation is the one those declarations generate.
 */
class OptionsDeclarationTest {
    @Test
    void everyKeyTheServiceReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(AnalysisOptions.CATALOG));
    }

    @Test
    void packagedCatalogIsCurrent() {
        OptionDeclarations.assertCatalogPackaged(AnalysisOptions.CATALOG);
    }
}
