package com.bi.analysis.domain;

/** What an ingest did: orders inserted or updated, and orders ignored as stale or duplicate. */
public record IngestResult(int applied, int ignored) {
    public IngestResult plus(IngestResult other) {
        return new IngestResult(applied + other.applied, ignored + other.ignored);
    }
}
