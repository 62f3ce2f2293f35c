package com.bi.orders.demo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The demo catalog's SKU names: what the console shows and chat matches, so each must name one SKU only. */
class DemoDataTest {
    @Test
    void everySkuHasItsOwnChineseName() {
        List<DemoData.Sku> skus = new DemoData(1, "t", "DEMO", 8, 240, 100).skus();
        Set<String> names = new HashSet<>();
        for (DemoData.Sku sku : skus) {
            assertThat(sku + " → " + sku.name(), names.add(sku.name()), is(true));
            assertThat(sku.name(), Character.UnicodeScript.of(sku.name().charAt(0)), is(Character.UnicodeScript.HAN));
        }
        assertThat(skus.getFirst().name(), is("纯棉圆领T恤"));
        assertThat(skus.get(12).name(), is("修身牛仔裤"));
        assertThat(skus.get(48).name(), is("纯棉圆领T恤 2代"));
    }
}
