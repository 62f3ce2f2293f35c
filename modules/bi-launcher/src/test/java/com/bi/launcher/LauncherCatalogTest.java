package com.bi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.common.config.ConfigLoader;
import com.bi.common.server.Catalog;
import com.bi.common.server.Service;
import com.bi.sys.SysService;
import org.junit.jupiter.api.Test;

/** The launcher finds every built service of the catalog, and each one reads its own configuration. */
class LauncherCatalogTest {
    @Test
    void everyBuiltServiceOfTheCatalogIsRegisteredOnce() {
        List<String> registered = LocalPlatform.registered().stream().map(Service::name).toList();
        assertEquals(registered.size(), Set.copyOf(registered).size(), "a service is registered twice: " + registered);
        Set<String> expected = new TreeSet<>();
        for (Catalog entry : Catalog.all()) {
            if (entry.built() && entry.hasPorts()) {
                expected.add(entry.serviceName());
            }
        }
        assertEquals(expected, new TreeSet<>(registered),
                "every built catalog service needs src/main/resources/META-INF/services/com.bi.common.server.Service "
                        + "naming its Service class, and a dependency in modules/bi-launcher/pom.xml");
    }

    @Test
    void registeredServicesStartInCatalogOrder() {
        List<String> order = Catalog.all().stream().map(Catalog::serviceName).toList();
        List<Integer> positions = LocalPlatform.registered().stream().map(s -> order.indexOf(s.name())).toList();
        assertTrue(positions.stream().allMatch(p -> p >= 0), "a registered service is not in the catalog: " + positions);
        assertEquals(positions.stream().sorted().toList(), positions);
    }

    @Test
    void eachServiceReadsItsOwnApplicationYamlOnTheSharedClassPath() {
        // every service jar has an application.yaml at its root; the first on the class path must not win for all
        assertEquals("sys", schema(SysService.class));
        assertEquals("basic", schema(BasicService.class));
        assertEquals("analysis", schema(AnalysisService.class));
    }

    private static String schema(Class<? extends Service> service) {
        return ConfigLoader.load("x", service, Map.of(), Map.of()).get("bi.db.schema").asString().orElseThrow();
    }
}
