package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks of the chart sources themselves (the real Chart.yaml with its remote dependencies, values docs, schemas). */
class ChartMetadataTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path p) {
        return Rendered.YAML.readValue(p.toFile(), LinkedHashMap.class);
    }

    static Map<String, Object> dependency(List<Map<String, Object>> deps, String name) {
        return deps.stream().filter(d -> name.equals(d.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no dependency " + name));
    }

    @Test
    void umbrellaDeclaresRemoteDependenciesBehindConditions() {
        List<Map<String, Object>> deps = Maps.list(yaml(Helm.SOURCE.resolve("bi-platform/Chart.yaml")), "dependencies");
        Map<String, Object> apisix = dependency(deps, "apisix");
        assertEquals("https://apache.github.io/apisix-helm-chart", apisix.get("repository"));
        assertEquals("2.14.0", apisix.get("version"), "the APISIX chart whose existingConfigMap and PDB behaviour the tests pin");
        assertEquals("apisix.enabled", apisix.get("condition"));
        Map<String, Object> kps = dependency(deps, "kube-prometheus-stack");
        assertEquals("https://prometheus-community.github.io/helm-charts", kps.get("repository"));
        assertEquals("kube-prometheus-stack.enabled", kps.get("condition"));
        assertEquals("88.5.3", kps.get("version"));
        Set<String> aliases = deps.stream().filter(d -> "bi-service".equals(d.get("name"))).map(d -> (String) d.get("alias")).collect(Collectors.toSet());
        assertEquals(Catalog.SERVICES.stream().map(Catalog::name).collect(Collectors.toSet()), aliases, "generic chart once per service");
        for (Map<String, Object> d : deps) {
            if ("bi-service".equals(d.get("name"))) {
                assertEquals(d.get("alias") + ".enabled", d.get("condition"));
            }
        }
        assertEquals("bi-cron.enabled", dependency(deps, "bi-cron").get("condition"));
        assertEquals("library", yaml(Helm.SOURCE.resolve("bi-lib/Chart.yaml")).get("type"));
        // Chart.lock pins exactly these versions, and the chart the tests render carries them all
        List<Map<String, Object>> lock = Maps.list(yaml(Helm.SOURCE.resolve("bi-platform/Chart.lock")), "dependencies");
        for (String remote : List.of("apisix", "kube-prometheus-stack")) {
            assertEquals(dependency(deps, remote).get("version"), dependency(lock, remote).get("version"), remote + " in Chart.lock");
            assertEquals(dependency(deps, remote).get("repository"), dependency(lock, remote).get("repository"));
            assertTrue(Files.exists(Helm.CHART.resolve("charts/" + remote + "-" + dependency(deps, remote).get("version") + ".tgz")),
                    remote + " is rendered with the umbrella");
        }
        assertEquals(deps.size(), Maps.list(yaml(Helm.CHART.resolve("Chart.yaml")), "dependencies").size(), "the whole umbrella is rendered");
    }

    @Test
    void umbrellaWiresApisixStandaloneMode() {
        Map<String, Object> values = yaml(Helm.SOURCE.resolve("bi-platform/values.yaml"));
        assertEquals("standalone", Maps.str(values, "apisix.apisix.deployment.mode"));
        assertNotNull(Maps.str(values, "apisix.apisix.deployment.standalone.existingConfigMap"));
        assertEquals(false, Maps.at(values, "apisix.apisix.admin.enabled"));
        assertEquals(false, Maps.at(values, "apisix.etcd.enabled"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bi-platform", "bi-service", "bi-cron"})
    void everyValueIsDocumentedWithParam(String chart) throws IOException {
        Path file = Helm.SOURCE.resolve(chart + "/values.yaml");
        Set<String> documented = Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith("## @param "))
                .map(l -> l.substring("## @param ".length()).split("\\s+")[0]).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        collectUndocumented(yaml(file), "", documented, missing);
        assertTrue(missing.isEmpty(), chart + " values without ## @param: " + missing);
    }

    @SuppressWarnings("unchecked")
    static void collectUndocumented(Map<String, Object> m, String prefix, Set<String> documented, List<String> missing) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (documented.contains(path)) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                collectUndocumented((Map<String, Object>) child, path, documented, missing);
            } else {
                missing.add(path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bi-platform", "bi-service", "bi-cron"})
    void schemaRejectsUnknownKeys(String chart) {
        Map<String, Object> schema = Rendered.YAML.readValue(Helm.SOURCE.resolve(chart + "/values.schema.json").toFile(), Map.class);
        assertEquals(false, schema.get("additionalProperties"));
        String nested = chart.equals("bi-platform") ? "properties.gateway.additionalProperties" : "properties.image.additionalProperties";
        assertEquals(false, Maps.at(schema, nested), chart + ": nested objects reject unknown keys too");
    }
}
