package com.bi.basic.domain;

import java.time.Instant;

import com.bi.common.crud.Versioned;

/** One entry of a tenant dictionary (e.g. type "order_status", code "WAIT_SEND", label "待发货"). */
public record Dictionary(long id, String type, String code, String label, int sortOrder, long version,
                         Instant createdAt, Instant updatedAt) implements Versioned {
}
