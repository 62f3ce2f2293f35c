package com.bi.server.domain;

import java.util.List;
import java.util.Map;

/**
 * bi-template, as the template dashboards need it (the port; data/TemplateClient speaks gRPC). Every call is made as
 * the caller, so bi-template decides what the caller's tenant and roles may see. A template that is missing or not
 * visible is a 404; bi-template not answering is a {@link PeerUnavailableException}.
 */
public interface TemplateSource {
    /** The templates the caller may view. */
    List<Summary> list();

    /** One template's variables and panels. */
    Spec get(String id);

    /** The template rendered with {@code variables} (its RANGE, SHOPS, PLATFORM variables by name). */
    Rendered render(String id, Map<String, String> variables);

    record Summary(String id, String name, String kind, String description, boolean builtIn, String starterKey, int panels) {
    }

    record Variable(String name, String type) {
    }

    /** A panel's kind and the period it covers: {@code range} empty or {@code ${...}} (the template's), or its own. */
    record PanelSpec(String id, String kind, String range, String compare) {
    }

    record Spec(String id, String name, String kind, long version, List<Variable> variables, List<PanelSpec> panels) {
    }

    /** One rendered panel: {@code status} OK, TIMEOUT or ERROR; cells as bi-template formats them (numbers as plain text). */
    record RenderedPanel(String id, String title, String kind, String status, String message, List<String> columns,
                         List<List<String>> rows) {
    }

    record Rendered(String id, String title, String from, String to, String timeZone, boolean partial, List<RenderedPanel> panels) {
    }
}
