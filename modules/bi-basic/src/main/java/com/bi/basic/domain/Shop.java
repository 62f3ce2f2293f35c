package com.bi.basic.domain;

import java.time.Instant;

import com.bi.common.crud.Versioned;

/** A tenant's shop; (source, external id) is unique per tenant so a connector can find it again. */
public record Shop(long id, String name, Platform platform, Source source, String externalId, Status status,
                   long version, Instant createdAt, Instant updatedAt) implements Versioned {
}
