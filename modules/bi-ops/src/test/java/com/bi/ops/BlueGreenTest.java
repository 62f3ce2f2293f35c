package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** blue-green up to the cluster boundary: real helm renders (the preview port), a recording cluster answers. */
class BlueGreenTest {
    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = OfflineChart.ops("bg-" + name);
        Path state = ops.dir.resolve("state/test");
        Files.createDirectories(state);
        Files.writeString(state.resolve("release.yaml"), "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        Path helm = ops.dir.resolve("helm-mixed");
        Files.writeString(helm, "#!/usr/bin/env bash\nif [ \"$1\" = template ] || [ \"$1\" = version ]; then exec '" + OfflineChart.helm()
                + "' \"$@\"; fi\nexec '" + ops.dir.resolve("helm") + "' \"$@\"\n");
        helm.toFile().setExecutable(true);
        ops.env.put("BI_OPS_HELM", helm.toString());
        return ops;
    }

    /** Per upgrade (in order): "<active> blue=<replicas> green=<replicas>" read from the overlay each upgrade was given. */
    static List<String> switches(OpsProcess ops) throws Exception {
        String log = ops.logText();
        List<String> out = new java.util.ArrayList<>();
        var m = Pattern.compile("active: (\\w+)\\n    tracks:\\n      blue:\\n        image:.*?replicaCount: (\\S*)\\n      green:\\n        image:.*?replicaCount: (\\S*)\\n",
                Pattern.DOTALL).matcher(log);
        while (m.find()) {
            out.add(m.group(1) + " blue=" + m.group(2) + " green=" + m.group(3));
        }
        return out;
    }

    @Test
    void deploysToTheIdleTrackChecksItSwitchesAndParksTheOldOne() throws Exception {
        OpsProcess ops = ops("happy");
        OpsProcess.Result r = ops.run("blue-green", "test", "bi-analysis", "1.5.0-1b2c3d4", "--grace", "0s", "--replicas", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of("blue blue='' green=2", "green blue='' green=2", "green blue=0 green=2"), switches(ops));
        String probe = ops.calls().stream().filter(c -> c.startsWith("kubectl")).findFirst().orElseThrow();
        assertTrue(probe.matches("kubectl --namespace=bi-test run bi-ops-smoke-bi-analysis --rm --stdin --restart=Never --quiet "
                + "--image=busybox:1.37.0 --labels=app.kubernetes.io/managed-by=bi-ops -- wget -qO- -T 10 "
                + "http://bi-analysis-preview:\\d+/observe/health/ready"), probe);
        List<String> calls = ops.calls();
        assertTrue(calls.indexOf(probe) > DeployPreflightTest.indexOf(calls, "helm upgrade")
                && calls.indexOf(probe) < DeployPreflightTest.lastIndexOf(calls, "helm upgrade"), "probe between deploy and switch: " + calls);
        assertTrue(r.out().contains("RESULT switched service=bi-analysis image=1.5.0-1b2c3d4 active=green"), r.out());
        assertFalse(Files.exists(ops.dir.resolve("state/test/service-bi-analysis.previous")));
    }

    @Test
    void aFailingReadinessCheckAbortsBeforeTheSwitch() throws Exception {
        OpsProcess ops = ops("unready");
        ops.answer("kubectl", "run", "wget: server returned error: HTTP/1.1 503 Service Unavailable\n");
        Files.writeString(ops.dir.resolve("answers/kubectl.run.exit"), "1");
        OpsProcess.Result r = ops.run("blue-green", "test", "bi-analysis", "1.5.0-1b2c3d4", "--grace", "0s");
        assertEquals(OpsException.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("503 Service Unavailable"), r.out());
        assertEquals(List.of("blue blue='' green=''", "blue blue='' green=0"), switches(ops), "never switched, idle parked");
    }

    @Test
    void abortDuringTheGracePeriodSwitchesBack() throws Exception {
        OpsProcess ops = ops("abort");
        Files.writeString(ops.dir.resolve("state/test/service-bi-analysis.previous"), "blue\n");
        Files.writeString(ops.dir.resolve("state/test/service-bi-analysis.yaml"), """
                bi-analysis:
                  blueGreen:
                    enabled: true
                    active: green
                    tracks:
                      blue: {image: {}, replicaCount: ''}
                      green: {image: {tag: 1.5.0-1b2c3d4}, replicaCount: ''}
                gateway:
                  canary:
                    bi-analysis: {weight: 0}
                """);
        OpsProcess.Result again = ops.run("blue-green", "test", "bi-analysis", "1.6.0-2c3d4e5", "--grace", "0s");
        assertEquals(OpsException.FAILED, again.exit());
        assertTrue(again.err().contains("in progress"), again.err());
        OpsProcess.Result r = ops.run("blue-green-abort", "test", "bi-analysis");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of("blue blue='' green=0"), switches(ops));
        assertFalse(Files.exists(ops.dir.resolve("state/test/service-bi-analysis.previous")));
        OpsProcess.Result none = ops.run("blue-green-abort", "test", "bi-analysis");
        assertEquals(OpsException.FAILED, none.exit());
        assertTrue(none.err().contains("no blue-green of bi-analysis in progress"), none.err());
    }
}
