package com.bi.tenant;

import com.bi.common.config.KitOptions;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

/**
 * bi-tenant declares every configuration key its code reads (the kit's and {@link TenantOptions}), and the catalog
 * packaged in its jar for Nacos push validation is the one those declarations generate.
 */
class OptionsDeclarationTest {
    @Test
    void everyKeyTheServiceReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(TenantOptions.CATALOG));
    }

    @Test
    void packagedCatalogIsCurrent() {
        OptionDeclarations.assertCatalogPackaged(TenantOptions.CATALOG);
    }
}
