package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertFails("additional properties 'replicaCont' not allowed", "--set", "bi-sys.replicaCont=2");
        assertFails("additional properties 'gatway' not allowed", "--set", "gatway.enabled=true");
        assertFails("additional properties 'imagetag' not allowed", "--set", "global.imagetag=x");
        assertFails("additional properties 'schedul' not allowed", "--set", "bi-cron.jobs.rollup.schedul=1");
    }

    @Test
    void latestAndEmptyTagsAreRefused() {
        assertFails("image.tag \"latest\" is refused", "--set", "global.imageTag=latest");
        assertFails("bi-sys: image.tag \"latest\" is refused", "--set", "bi-sys.image.tag=latest");
        assertFails("image.tag is empty and no image.digest is set", "--set", "global.imageTag=");
    }

    @ParameterizedTest
    @CsvSource({
            "bi-sys.service.ports.http.port=70000, 'maximum: got 70,000, want 65,535'",
            "bi-sys.service.ports.grpc.port=0, 'minimum: got 0, want 1'",
            "bi-chat.service.ports.http.port=http, 'got string, want integer'",
            "bi-sys.image.digest=sha256:abc, 'does not match pattern'",
            "bi-sys.replicaCount=-1, 'minimum: got -1, want 0'"})
    void badTypesAndRangesAreRejected(String set, String expected) {
        assertFails(expected, "--set", set);
    }

    @Test
    void missingSecretReferenceIsRefused() {
        assertFails("no Secret reference: set global.secret.existingSecret", "--set", "global.secret.existingSecret=");
    }

    @Test
    void gatewayConfigMapMustBeThisReleases() {
        assertFailsFor("bi", "existingConfigMap is \"bi-platform-apisix-standalone\" but this release renders the gateway routes into \"bi-apisix-standalone\"");
        // With the matching name it renders.
        Helm.Result ok = Helm.template("bi", Helm.envArgs("dev", "--set", "apisix.apisix.deployment.standalone.existingConfigMap=bi-apisix-standalone"));
        assertTrue(ok.exitCode() == 0, ok.stderr());
        assertFails("the Admin API is off", "--set", "apisix.apisix.admin.enabled=true");
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
}
