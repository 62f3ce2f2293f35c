package com.bi.template.domain;

import java.time.Instant;
import java.util.List;

/**
 * A stored report or dashboard template of one tenant: panels whose queries are bi-analysis metric queries with
 * variables, an optional schedule for bi-cron and who in the tenant may view or edit it.
 *
 * @param starterKey the built-in starter it was installed from ({@code null} for the tenant's own templates)
 * @param owner      the user id that created it (the caller's; {@code system} for installed starters)
 */
public record Template(String id, String tenantId, String name, String description, TemplateKind kind, String starterKey,
                       String owner, List<Variable> variables, List<Panel> panels, Schedule schedule, Sharing sharing,
                       long version, Instant updatedAt) {
    public Template {
        variables = List.copyOf(variables);
        panels = List.copyOf(panels);
    }

    public boolean builtIn() {
        return starterKey != null;
    }

    public Template with(TemplateDraft draft, long newVersion, Instant at) {
        return new Template(id, tenantId, draft.name(), draft.description(), draft.kind(), starterKey, owner, draft.variables(),
                draft.panels(), draft.schedule(), draft.sharing(), newVersion, at);
    }

    public Template withSharing(Sharing newSharing, long newVersion, Instant at) {
        return new Template(id, tenantId, name, description, kind, starterKey, owner, variables, panels, schedule, newSharing,
                newVersion, at);
    }

    /** This template with only the panel {@code panelId} (which must exist). */
    public Template onlyPanel(String panelId) {
        return new Template(id, tenantId, name, description, kind, starterKey, owner, variables, List.of(panel(panelId)), schedule,
                sharing, version, updatedAt);
    }

    public Panel panel(String panelId) {
        return panels.stream().filter(p -> p.id().equals(panelId)).findFirst().orElse(null);
    }
}
