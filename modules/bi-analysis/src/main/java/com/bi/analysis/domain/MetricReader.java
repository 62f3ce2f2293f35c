package com.bi.analysis.domain;

/** Answers metric questions for one tenant. */
public interface MetricReader {
    QueryResult run(String tenant, MetricQuery query);
}
