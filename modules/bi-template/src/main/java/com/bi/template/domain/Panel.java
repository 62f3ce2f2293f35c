package com.bi.template.domain;

/** One panel of a template: its id is unique within the template (exports and PNG charts are addressed by it). */
public record Panel(String id, String title, PanelKind kind, PanelQuery query) {
}
