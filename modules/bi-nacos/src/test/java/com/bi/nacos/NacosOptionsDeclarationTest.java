package com.bi.nacos;

import com.bi.common.config.KitOptions;
import com.bi.common.config.OptionCatalog;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Every configuration key bi-nacos reads is declared, and all of its own are local-only. */
class NacosOptionsDeclarationTest {
    @Test
    void everyKeyTheModuleReadsIsDeclaredAndLocalOnly() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(OptionCatalog.of("bi-nacos", NacosOptions.GROUP)));
        assertThat(NacosOptions.GROUP.options().stream().allMatch(o -> o.isLocalOnly()), is(true));
    }
}
