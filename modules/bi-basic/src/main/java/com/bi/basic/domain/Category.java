package com.bi.basic.domain;

import java.time.Instant;

import com.bi.common.crud.Versioned;

/** A product category; categories form a tree through {@code parentId}. */
public record Category(long id, String name, Long parentId, long version, Instant createdAt, Instant updatedAt)
        implements Versioned {
}
