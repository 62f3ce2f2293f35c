package com.bi.template.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bi.template.domain.Panel;
import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import com.bi.template.domain.Schedule;
import com.bi.template.domain.Sharing;
import com.bi.template.domain.Starters;
import com.bi.template.domain.Template;
import com.bi.template.domain.TemplateDraft;
import com.bi.template.domain.TemplateKind;
import com.bi.template.domain.Variable;

/** The JSON shapes of the HTTP API (snake_case on the wire). */
final class Views {
    private Views() {
    }

    /** A template as written by a caller (POST, PUT); {@code version} is the one read, for PUT. */
    record TemplateInput(String name, String description, TemplateKind kind, List<Variable> variables, List<Panel> panels,
                         Schedule schedule, Sharing sharing, Long version) {
        TemplateDraft draft() {
            return new TemplateDraft(name, description, kind, variables, panels, schedule, sharing);
        }
    }

    record SharingInput(List<String> viewRoles, List<String> editRoles, Long version) {
    }

    record RenderInput(Map<String, String> variables) {
    }

    record TemplateView(String id, String name, String description, TemplateKind kind, boolean builtIn, String starterKey,
                        String owner, List<Variable> variables, List<Panel> panels, Schedule schedule, Sharing sharing, long version,
                        Instant updatedAt) {
    }

    record StarterView(String key, String name, String description, TemplateKind kind, List<Variable> variables, List<Panel> panels) {
    }

    static TemplateView of(Template t) {
        return new TemplateView(t.id(), t.name(), t.description(), t.kind(), t.builtIn(), t.starterKey(), t.owner(), t.variables(),
                t.panels(), t.schedule(), t.sharing(), t.version(), t.updatedAt());
    }

    static StarterView of(Starters.Starter s) {
        TemplateDraft d = s.draft();
        return new StarterView(s.key(), d.name(), d.description(), d.kind(), d.variables(), d.panels());
    }

    static Map<String, Object> of(Rendering r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("template_id", r.templateId());
        body.put("title", r.title());
        body.put("range_from", r.range().from().toString());
        body.put("range_to", r.range().to().toString());
        body.put("time_zone", r.timeZone());
        body.put("partial", r.partial());
        List<Map<String, Object>> panels = new ArrayList<>();
        for (PanelResult p : r.panels()) {
            Map<String, Object> panel = new LinkedHashMap<>();
            panel.put("panel_id", p.panelId());
            panel.put("title", p.title());
            panel.put("kind", p.kind().name());
            panel.put("status", p.status().name());
            panel.put("message", p.message());
            panel.put("range_from", p.range().from().toString());
            panel.put("range_to", p.range().to().toString());
            panel.put("columns", p.columns());
            panel.put("rows", p.rows());
            if (p.kpi() != null) {
                Map<String, Object> kpi = new LinkedHashMap<>();
                kpi.put("metric", p.kpi().metric());
                kpi.put("value", p.kpi().value());
                kpi.put("previous", p.kpi().previous());
                kpi.put("change_pct", p.kpi().changePct());
                panel.put("kpi", kpi);
            }
            panels.add(panel);
        }
        body.put("panels", panels);
        return body;
    }
}
