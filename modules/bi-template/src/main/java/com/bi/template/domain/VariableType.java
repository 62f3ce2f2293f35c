package com.bi.template.domain;

/** What a template variable holds and how a rendering request's text value is read. */
public enum VariableType {
    /** A date range: a preset (yesterday, last_7_days, …), {@code yyyy-MM-dd..yyyy-MM-dd} or {@code custom} with from/to. */
    RANGE,
    /** A comma-separated list of shop ids. */
    SHOPS,
    /** A comma-separated list of platforms (TAOBAO, TMALL, JD, PDD, DOUYIN, OTHER). */
    PLATFORM,
    /** A comma-separated list of free values (SKUs, categories). */
    TEXT
}
