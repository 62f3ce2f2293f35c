package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every alert the chart renders has a runbook in docs/runbooks/<alert>.md with the four sections, and an alert that
 * carries runbook_url points at its page. The alerts come from the rendered PrometheusRules of dev and test (test
 * has the WAF alert) with the real helm and the umbrella with its upstream charts.
 */
class RunbooksTest {
    static final Path RUNBOOKS = OpsProcess.ROOT.resolve("docs/runbooks");
    static final List<String> SECTIONS = List.of("## What it means", "## How to confirm", "## What to do", "## How to roll back");

    @SuppressWarnings("unchecked")
    static Map<String, List<Map<String, Object>>> renderedAlerts() throws Exception {
        System.setProperty("BI_OPS_HELM", OfflineChart.helm());
        Map<String, List<Map<String, Object>>> alerts = new TreeMap<>();
        for (String env : List.of("dev", "test")) {
            Path state = Path.of("target/runbooks-state").toAbsolutePath().resolve(env);
            Files.createDirectories(state);
            OpsContext ctx = new OpsContext(OpsProcess.ROOT, env, "bi-platform", "bi-" + env, null, OfflineChart.get(), state, false,
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            for (Manifests.K8sObject o : RenderCommand.render(ctx, "1.0.0-test", "monitoring.coreos.com/v1").objects()) {
                if (!o.kind().equals("PrometheusRule")) {
                    continue;
                }
                Map<String, Object> spec = (Map<String, Object>) o.body().get("spec");
                for (Object g : (List<Object>) spec.get("groups")) {
                    for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
                        Map<String, Object> rule = (Map<String, Object>) r;
                        if (rule.get("alert") instanceof String name) {
                            alerts.computeIfAbsent(name, k -> new ArrayList<>()).add(rule);
                        }
                    }
                }
            }
        }
        return alerts;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRenderedAlertHasARunbookWithTheFourSections() throws Exception {
        Map<String, List<Map<String, Object>>> alerts = renderedAlerts();
        assertTrue(alerts.size() >= 10, "the chart renders its alerts: " + alerts.keySet());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> e : alerts.entrySet()) {
            Path page = RUNBOOKS.resolve(e.getKey() + ".md");
            if (!Files.isRegularFile(page)) {
                problems.add(e.getKey() + ": no docs/runbooks/" + e.getKey() + ".md");
                continue;
            }
            String text = Files.readString(page);
            if (!text.startsWith("# " + e.getKey() + "\n")) {
                problems.add(page.getFileName() + ": the title is not the alert's name");
            }
            for (String s : SECTIONS) {
                if (!text.contains("\n" + s + "\n")) {
                    problems.add(page.getFileName() + ": no section '" + s + "'");
                }
            }
            for (Map<String, Object> rule : e.getValue()) {
                Object url = ((Map<String, Object>) rule.getOrDefault("annotations", Map.of())).get("runbook_url");
                if (url != null && !String.valueOf(url).endsWith("docs/runbooks/" + e.getKey() + ".md")) {
                    problems.add(e.getKey() + ": runbook_url " + url + " does not point at docs/runbooks/" + e.getKey() + ".md");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theIndexListsEveryRunbookAndNoPageIsOrphaned() throws Exception {
        TreeSet<String> pages = new TreeSet<>();
        try (var files = Files.list(RUNBOOKS)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                    .forEach(n -> pages.add(n.substring(0, n.length() - 3)));
        }
        String index = Files.readString(RUNBOOKS.resolve("README.md"));
        for (String p : pages) {
            assertTrue(index.contains("[" + p + ".md](" + p + ".md)"), p + " missing from docs/runbooks/README.md");
        }
        assertEquals(new TreeSet<>(renderedAlerts().keySet()), pages, "a page per alert, no page for an alert that no longer exists");
    }
}
