package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input must fail rendering with a message that tells ops what to fix. */
class NegativeCasesTest {

    static void assertFails(String expected, String... args) {
        assertFailsFor(Helm.RELEASE, expected, args);
    }

    static void assertFailsFor(String release, String expected, String... args) {
        Helm.Result r = Helm.template(release, Helm.envArgs("dev", args));
        assertNotEquals(0, r.exitCode(), "rendering must fail: " + String.join(" ", args));
        assertTrue(r.stderr().contains(expected), "expected \"" + expected + "\" in:\n" + r.stderr());
    }

    @Test
    void valuesTypoIsRejected() {
        // the schema check reports every violation at once: one render for all of them
        Helm.Result r = Helm.template(Helm.envArgs("dev", "--set", "bi-sys.replicaCont=2", "--set", "gatway.enabled=true",
                "--set", "global.imagetag=x", "--set", "bi-cron.jobs.rollup.schedul=1"));
        assertNotEquals(0, r.exitCode());
        for (String typo : List.of("replicaCont", "gatway", "imagetag", "schedul")) {
            assertTrue(r.stderr().contains("additional properties '" + typo + "' not allowed"), typo + " in:\n" + r.stderr());
        }
    }

    @Test
    void latestAndEmptyTagsAreRefused() {
        assertFails("image.tag \"latest\" is refused", "--set", "global.imageTag=latest");
        assertFails("bi-sys: image.tag \"latest\" is refused", "--set", "bi-sys.image.tag=latest");
        assertFails("image.tag is empty and no image.digest is set", "--set", "global.imageTag=");
    }

    @Test
    void badTypesAndRangesAreRejected() {
        Helm.Result r = Helm.template(Helm.envArgs("dev", "--set", "bi-sys.service.ports.http.port=70000", "--set", "bi-sys.service.ports.grpc.port=0",
                "--set", "bi-chat.service.ports.http.port=http", "--set", "bi-sys.image.digest=sha256:abc", "--set", "bi-sys.replicaCount=-1"));
        assertNotEquals(0, r.exitCode());
        for (String expected : List.of("maximum: got 70,000, want 65,535", "minimum: got 0, want 1", "got string, want integer",
                "does not match pattern", "minimum: got -1, want 0")) {
            assertTrue(r.stderr().contains(expected), expected + " in:\n" + r.stderr());
        }
    }

    @Test
    void missingSecretReferenceIsRefused() {
        assertFails("no Secret reference: set global.secret.existingSecret", "--set", "global.secret.existingSecret=");
    }

    @Test
    void gatewayNeedsItsConfigMapAndStandaloneMode() {
        assertFails("existingConfigMap is empty", "--set", "apisix.apisix.deployment.standalone.existingConfigMap=");
        assertFails("the Admin API is off", "--set", "apisix.apisix.admin.enabled=true");
    }

    @Test
    void prodRefusesImagesWithoutDigest() {
        Helm.Result noDigests = Helm.template(List.of("-f", Helm.CHART.resolve("values-prod.yaml").toString(),
                "-f", Helm.SOURCE.resolve("apisix-values/prod.yaml").toString(), "--set", "global.imageTag=1.4.0-0a1b2c3"));
        assertNotEquals(0, noDigests.exitCode());
        assertTrue(noDigests.stderr().contains("global.requireDigests is on"), noDigests.stderr());
        Helm.Result oneMissing = Helm.template(Helm.envArgs("prod", "--set", "bi-chat.image.digest="));
        assertTrue(oneMissing.stderr().contains("bi-chat: global.requireDigests is on (prod) and image.digest is empty"), oneMissing.stderr());
        Helm.Result gateway = Helm.template(Helm.envArgs("prod", "--set", "apisix.image.tag=3.16.0-ubuntu"));
        assertTrue(gateway.stderr().contains("apisix.image.tag \"3.16.0-ubuntu\" has no digest"), gateway.stderr());
        Helm.Result off = Helm.template(Helm.envArgs("prod", "--set", "global.requireDigests=false"));
        assertTrue(off.stderr().contains("prod: global.requireDigests must be true"), off.stderr());
    }

    @Test
    void gatewayImageComesFromTheRegistry() {
        assertFails("apisix.image.repository \"apache/apisix\" is not in global.registry \"registry.example.com\"",
                "--set", "apisix.image.repository=apache/apisix");
    }

    @Test
    void prodRequiresRedundancy() {
        Helm.Result r = Helm.template(Helm.envArgs("prod", "--set", "bi-chat.autoscaling.enabled=false", "--set", "bi-chat.replicaCount=1"));
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("prod: bi-chat needs at least 2 replicas"), r.stderr());
        Helm.Result pdb = Helm.template(Helm.envArgs("prod", "--set", "bi-notify.pdb.enabled=false"));
        assertTrue(pdb.stderr().contains("prod: bi-notify needs a PodDisruptionBudget"), pdb.stderr());
    }

    @Test
    void canaryNeedsTwoTracks() {
        assertFails("gateway.canary.bi-sys.weight is 10 but bi-sys.blueGreen.enabled is false", "--set", "gateway.canary.bi-sys.weight=10");
        assertFails("maximum: got 120, want 100", "--set", "gateway.canary.bi-sys.weight=120");
    }

    @Test
    void nacosDiscoveryCannotSwitchBlueGreen() {
        assertFails("bi-sys.blueGreen.enabled is true: both tracks register in Nacos under one name",
                "--set", "gateway.upstream.discovery=nacos", "--set", "bi-sys.blueGreen.enabled=true");
    }

    @Test
    void wafNeedsNodes() {
        assertFails("gateway.waf.nodes is empty", "--set", "gateway.waf.enabled=true");
    }

    @Test
    void routeToUnknownServiceIsRejected() {
        assertFails("gateway.routes.extra.service \"bi-nope\" is not a service of this chart",
                "--set", "gateway.routes.extra.service=bi-nope", "--set", "gateway.routes.extra.uris[0]=/x/*");
    }

    @Test
    void heapNeedsAMemoryLimit() {
        assertFails("resources.limits.memory 64Mi leaves only", "--set", "bi-sys.resources.limits.memory=64Mi");
    }

    @Test
    @SuppressWarnings("unchecked")
    void strictValidationCatchesMisspelledAndMistypedFields() {
        Map<String, Object> deployment = Helm.env("dev").get("Deployment", "bi-sys");
        Map<String, Object> typo = Rendered.YAML.readValue(Rendered.YAML.writeValueAsString(deployment), LinkedHashMap.class);
        Map<String, Object> ctr = ((List<Map<String, Object>>) Maps.at(typo, "spec.template.spec.containers")).get(0);
        ctr.put("imagePullPolicyy", "Always");
        RuntimeException e = assertThrows(RuntimeException.class, () -> StrictKube.validate(typo));
        assertTrue(e.getMessage().contains("imagePullPolicyy"), e.getMessage());
        assertTrue(e.getMessage().contains("containers"), "path reported: " + e.getMessage());

        Map<String, Object> wrongType = Rendered.YAML.readValue(Rendered.YAML.writeValueAsString(deployment), LinkedHashMap.class);
        ((Map<String, Object>) wrongType.get("spec")).put("replicas", List.of(1, 2));
        RuntimeException e2 = assertThrows(RuntimeException.class, () -> StrictKube.validate(wrongType));
        assertTrue(e2.getMessage().contains("replicas"), e2.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void crdSchemaValidationCatchesMisspelledAndMistypedFields() {
        Map<String, Object> sm = Helm.env("prod").get("ServiceMonitor", "bi-sys");
        StrictKube.validate(sm);
        Map<String, Object> typo = Rendered.YAML.readValue(Rendered.YAML.writeValueAsString(sm), LinkedHashMap.class);
        ((List<Map<String, Object>>) Maps.at(typo, "spec.endpoints")).get(0).put("intervall", "30s");
        RuntimeException e = assertThrows(RuntimeException.class, () -> StrictKube.validate(typo));
        assertTrue(e.getMessage().contains("intervall") && e.getMessage().contains("endpoints[0]"), e.getMessage());
        Map<String, Object> wrongType = Rendered.YAML.readValue(Rendered.YAML.writeValueAsString(sm), LinkedHashMap.class);
        ((Map<String, Object>) wrongType.get("spec")).put("endpoints", "http");
        RuntimeException e2 = assertThrows(RuntimeException.class, () -> StrictKube.validate(wrongType));
        assertTrue(e2.getMessage().contains("expected an array"), e2.getMessage());
    }
}
