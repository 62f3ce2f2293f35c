package com.bi.server.domain;

import java.time.LocalDate;

/**
 * The change versions of a tenant's order days, written by bi-analysis when orders of a day arrive: part of a
 * cached answer's key, so an answer over a changed day is never found again. Without a shared store the stamp is
 * constant and answers live for the cache's TTL.
 */
@FunctionalInterface
public interface DayVersions {
    DayVersions NONE = (tenant, from, to) -> "";

    String stamp(String tenant, LocalDate from, LocalDate to);
}
