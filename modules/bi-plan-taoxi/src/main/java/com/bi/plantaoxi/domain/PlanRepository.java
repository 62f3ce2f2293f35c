package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Plans, their versions, daily overrides and the tenant's thresholds; every method is scoped to {@code tenant}. */
public interface PlanRepository {
    /** The latest version of the shop's plan in the month (a DELETE version too), if any. */
    Optional<PlanVersion> latest(String tenant, long shopId, YearMonth month);

    /** The current (latest, not deleted) plans of the month, by shop id; {@code shopIds} empty = every shop. */
    List<PlanVersion> current(String tenant, YearMonth month, Collection<Long> shopIds);

    /** The current plans of every month from {@code from} to {@code to}, by month then shop id. */
    List<PlanVersion> current(String tenant, YearMonth from, YearMonth to);

    /** Appends {@code next} (its version = the latest + 1); a concurrent append of the same version is a 409. */
    PlanVersion append(String tenant, PlanVersion next);

    /** Every version of the shop's plan in the month, oldest first. */
    List<PlanVersion> versions(String tenant, long shopId, YearMonth month);

    Optional<PlanVersion> version(String tenant, long shopId, YearMonth month, long version);

    /** Shop id → day → weight of the overrides of these shops in the month. */
    Map<Long, Map<LocalDate, BigDecimal>> overrides(String tenant, YearMonth month, Collection<Long> shopIds);

    /** Replaces the shop's overrides of the month by {@code weights}. */
    void replaceOverrides(String tenant, long shopId, YearMonth month, Map<LocalDate, BigDecimal> weights, String by);

    Optional<Thresholds> thresholds(String tenant);

    void saveThresholds(String tenant, Thresholds thresholds, String by);

    /** Runs {@code work} in one transaction (all of it or nothing). */
    <T> T inTransaction(Supplier<T> work);
}
