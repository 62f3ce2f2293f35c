package com.bi.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.bi.common.testing.OptionDeclarations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Every configuration key the kit's code names is declared in one of the kit's option groups. */
class KitOptionsDeclarationTest {
    @Test
    void everyKeyTheKitReadsIsDeclared() {
        OptionDeclarations.assertEveryKeyDeclared(KitOptions.CATALOG);
    }

    @Test
    void theScanFindsAnUndeclaredReadAndSkipsMetricNamesAndDeclarations(@TempDir Path src) throws Exception {
        Files.writeString(src.resolve("Reader.java"), """
                class Reader {
                    int a = settings.intInRange("bi.db.pool.size", 10, 1, 200);
                    int b = settings.intInRange("bi.jushuitan.retires", 5, 0, 20);
                    Object c = Counter.builder("bi.worker.iterations");
                    String d = "bi.tenant.v1.TenantService";
                    Object e = peers.get("bi.peers.tenant.timeout");
                }
                """);
        Files.writeString(src.resolve("ReaderOptions.java"), "class ReaderOptions { String k = \"bi.undeclared.here\"; }");
        List<String> undeclared = OptionDeclarations.undeclaredKeys(src, KitOptions.CATALOG);
        assertThat(undeclared, is(List.of(src.resolve("Reader.java") + ":3: bi.jushuitan.retires")));
    }
}
