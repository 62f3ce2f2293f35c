package com.bi.template.domain;

import java.util.List;

/** A rendered template: every panel, OK or marked; {@code partial} when at least one is not OK. */
public record Rendering(String templateId, String title, DateRange range, String timeZone, List<PanelResult> panels) {
    public boolean partial() {
        return panels.stream().anyMatch(p -> !p.ok());
    }

    public PanelResult panel(String panelId) {
        return panels.stream().filter(p -> p.panelId().equals(panelId)).findFirst().orElse(null);
    }
}
