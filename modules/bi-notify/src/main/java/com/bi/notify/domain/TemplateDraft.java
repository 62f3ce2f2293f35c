package com.bi.notify.domain;

/** A message template as a caller writes it. */
public record TemplateDraft(String name, String title, String markdown) {
}
