package com.bi.plantaoxi.domain;

import java.util.List;

/** What an import did: rows read, plans created or changed, rows that matched the current plan, rows refused. */
public record ImportResult(int rows, int created, int updated, int unchanged, List<FieldError> rejected) {
}
