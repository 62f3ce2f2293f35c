package com.bi.template.domain;

/** A report is sent (scheduled, exported); a dashboard is looked at. Both are rendered the same way. */
public enum TemplateKind { REPORT, DASHBOARD }
