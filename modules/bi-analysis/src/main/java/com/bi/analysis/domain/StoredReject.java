package com.bi.analysis.domain;

import java.time.Instant;

/** A payload set aside at ingest (undecodable, invalid, or refused by the database), with why. */
public record StoredReject(long id, String origin, String reason, String payload, Instant receivedAt) {
}
