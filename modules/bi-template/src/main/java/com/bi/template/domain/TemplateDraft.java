package com.bi.template.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a caller writes: a new template or the new state of one (validated by {@link TemplateValidation}). */
public record TemplateDraft(String name, String description, TemplateKind kind, List<Variable> variables, List<Panel> panels,
                            Schedule schedule, Sharing sharing) {
    public TemplateDraft {
        // null elements are kept (List.copyOf would throw): validation refuses them naming the element, e.g. panels[0]
        variables = variables == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(variables));
        panels = panels == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(panels));
        sharing = sharing == null ? Sharing.PRIVATE : sharing;
    }
}
