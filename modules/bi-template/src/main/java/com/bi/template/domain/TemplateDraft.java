package com.bi.template.domain;

import java.util.List;

/** What a caller writes: a new template or the new state of one (validated by {@link TemplateValidation}). */
public record TemplateDraft(String name, String description, TemplateKind kind, List<Variable> variables, List<Panel> panels,
                            Schedule schedule, Sharing sharing) {
    public TemplateDraft {
        variables = variables == null ? List.of() : List.copyOf(variables);
        panels = panels == null ? List.of() : List.copyOf(panels);
        sharing = sharing == null ? Sharing.PRIVATE : sharing;
    }
}
