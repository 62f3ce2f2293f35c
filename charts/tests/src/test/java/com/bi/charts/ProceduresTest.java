package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blue-green and canary procedures of charts/README.md, run as the values files they are (charts/procedures). */
class ProceduresTest {

    static final String SERVING = "registry.example.com/bi/bi-analysis:1.4.0-0a1b2c3@sha256:248bee44ed0c7109a1df58ebb505d7a9d55fe5c5e58ef0cfeeeb980d593e57db";
    static final String NEW = "registry.example.com/bi/bi-analysis:1.5.0-1b2c3d4@sha256:c355d7c229a804e85c14e50463d5ff2039d54a2c11d11207b4633b063363955e";

    static Rendered step(String... files) {
        String[] args = new String[files.length * 2];
        for (int i = 0; i < files.length; i++) {
            args[2 * i] = "-f";
            args[2 * i + 1] = ChartDefectsTest.procedure(files[i]);
        }
        return Helm.render("prod", args);
    }

    static String selectedTrack(Rendered r, String service) {
        return Maps.str(r.get("Service", service), "spec.selector.bi-platform.io/track");
    }

    @Test
    void blueGreenStepsMoveTrafficOnlyByTheValuesFile() {
        Rendered deploy = step("blue-green-1-deploy-green.yaml");
        assertEquals("blue", selectedTrack(deploy, "bi-analysis"));
        assertEquals("green", selectedTrack(deploy, "bi-analysis-preview"));
        assertEquals(SERVING, ChartDefectsTest.image(deploy.get("Deployment", "bi-analysis")));
        assertEquals(NEW, ChartDefectsTest.image(deploy.get("Deployment", "bi-analysis-green")));
        assertEquals(2, Maps.at(deploy.get("Deployment", "bi-analysis-green"), "spec.replicas"));

        Rendered switched = step("blue-green-2-switch.yaml");
        assertEquals("green", selectedTrack(switched, "bi-analysis"));
        assertEquals("blue", selectedTrack(switched, "bi-analysis-preview"));
        assertEquals(2, Maps.at(switched.get("Deployment", "bi-analysis"), "spec.replicas"), "blue kept warm for a switch back");

        Rendered parked = step("blue-green-3-park-blue.yaml");
        assertEquals("green", selectedTrack(parked, "bi-analysis"));
        assertEquals(0, Maps.at(parked.get("Deployment", "bi-analysis"), "spec.replicas"));
        assertTrue(parked.kind("PodDisruptionBudget").stream().noneMatch(p -> "bi-analysis".equals(Maps.str(p, "metadata.name"))),
                "no PDB over a parked track");
        for (Rendered r : List.of(deploy, switched, parked)) {
            r.objects.forEach(StrictKube::validate);
        }
    }

    @Test
    void anOrdinaryUpgradeWithTheNextDigestsKeepsTheSwitch() {
        // the next release's digests file changes bi-analysis.image; the switch file in git still decides both tracks
        Rendered r = Helm.render("prod", "-f", ChartDefectsTest.procedure("blue-green-2-switch.yaml"),
                "--set", "bi-analysis.image.digest=sha256:" + "cd".repeat(32));
        assertEquals("green", selectedTrack(r, "bi-analysis"));
        assertEquals(SERVING, ChartDefectsTest.image(r.get("Deployment", "bi-analysis")));
        assertEquals(NEW, ChartDefectsTest.image(r.get("Deployment", "bi-analysis-green")));
    }

    @Test
    void canarySendsItsShareToTheIdleTrack() {
        Rendered r = step("blue-green-1-deploy-green.yaml", "canary-20.yaml");
        Map<String, Object> doc = GatewayTest.apisix(r);
        Map<String, Object> split = Maps.map(GatewayTest.route(doc, "analysis-api"), "plugins.traffic-split");
        assertEquals("bi-analysis-preview", Maps.str(split, "rules.0.weighted_upstreams.0.upstream_id"));
        assertEquals(20, Maps.at(split, "rules.0.weighted_upstreams.0.weight"));
        assertEquals("green", selectedTrack(r, "bi-analysis-preview"), "the preview Service is the new build");
    }

    @Test
    void readmeProceduresUseTheTestedValuesFilesNotReuseValues() throws IOException {
        String readme = Files.readString(Helm.SOURCE.resolve("README.md"));
        for (String file : List.of("blue-green-1-deploy-green.yaml", "blue-green-2-switch.yaml", "blue-green-3-park-blue.yaml", "canary-20.yaml")) {
            assertTrue(readme.contains("charts/procedures/" + file), "README uses " + file);
        }
        assertFalse(readme.lines().anyMatch(l -> l.startsWith("helm ") && l.contains("--reuse-values")), "no command relies on --reuse-values");
    }
}
