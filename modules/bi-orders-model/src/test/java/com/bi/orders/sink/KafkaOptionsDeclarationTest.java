package com.bi.orders.sink;

import com.bi.common.config.KitOptions;
import com.bi.common.config.OptionCatalog;
import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;

/** Every configuration key this library's code reads is the kit's or {@link KafkaOptions}'s. */
class KafkaOptionsDeclarationTest {
    @Test
    void everyKeyTheLibraryReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.with(OptionCatalog.of("bi-orders-model", KafkaOptions.GROUP)));
    }
}
