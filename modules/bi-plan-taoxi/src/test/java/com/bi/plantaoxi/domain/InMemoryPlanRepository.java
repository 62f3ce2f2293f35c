package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.bi.common.error.ApiException;

/** The repository contract in memory, for the use-case unit tests (transactions: a snapshot restored on failure). */
final class InMemoryPlanRepository implements PlanRepository {
    private record Key(String tenant, long shopId, YearMonth month) {
    }

    private Map<Key, List<PlanVersion>> versions = new HashMap<>();
    private Map<Key, Map<LocalDate, BigDecimal>> overrides = new HashMap<>();
    private final Map<String, Thresholds> thresholds = new HashMap<>();

    @Override
    public Optional<PlanVersion> latest(String tenant, long shopId, YearMonth month) {
        List<PlanVersion> all = versions.getOrDefault(new Key(tenant, shopId, month), List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    @Override
    public List<PlanVersion> current(String tenant, YearMonth month, Collection<Long> shopIds) {
        return versions.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(tenant) && e.getKey().month().equals(month)
                        && (shopIds.isEmpty() || shopIds.contains(e.getKey().shopId())))
                .map(e -> e.getValue().getLast()).filter(p -> !p.deleted())
                .sorted(Comparator.comparingLong(PlanVersion::shopId)).toList();
    }

    @Override
    public List<PlanVersion> current(String tenant, YearMonth from, YearMonth to) {
        return versions.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(tenant) && !e.getKey().month().isBefore(from) && !e.getKey().month().isAfter(to))
                .map(e -> e.getValue().getLast()).filter(p -> !p.deleted())
                .sorted(Comparator.comparing(PlanVersion::month).thenComparingLong(PlanVersion::shopId)).toList();
    }

    @Override
    public PlanVersion append(String tenant, PlanVersion next) {
        List<PlanVersion> all = versions.computeIfAbsent(new Key(tenant, next.shopId(), next.month()), k -> new ArrayList<>());
        if (next.version() != all.size() + 1) {
            throw ApiException.conflict("the plan was changed concurrently");
        }
        all.add(next);
        return next;
    }

    @Override
    public List<PlanVersion> versions(String tenant, long shopId, YearMonth month) {
        return List.copyOf(versions.getOrDefault(new Key(tenant, shopId, month), List.of()));
    }

    @Override
    public Optional<PlanVersion> version(String tenant, long shopId, YearMonth month, long version) {
        return versions(tenant, shopId, month).stream().filter(v -> v.version() == version).findFirst();
    }

    @Override
    public Map<Long, Map<LocalDate, BigDecimal>> overrides(String tenant, YearMonth month, Collection<Long> shopIds) {
        Map<Long, Map<LocalDate, BigDecimal>> out = new HashMap<>();
        overrides.forEach((k, v) -> {
            if (k.tenant().equals(tenant) && k.month().equals(month) && shopIds.contains(k.shopId())) {
                out.put(k.shopId(), v);
            }
        });
        return out;
    }

    @Override
    public void replaceOverrides(String tenant, long shopId, YearMonth month, Map<LocalDate, BigDecimal> weights, String by) {
        overrides.put(new Key(tenant, shopId, month), Map.copyOf(weights));
    }

    @Override
    public Optional<Thresholds> thresholds(String tenant) {
        return Optional.ofNullable(thresholds.get(tenant));
    }

    @Override
    public void saveThresholds(String tenant, Thresholds t, String by) {
        thresholds.put(tenant, t);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Map<Key, List<PlanVersion>> saved = new HashMap<>();
        versions.forEach((k, v) -> saved.put(k, new ArrayList<>(v)));
        Map<Key, Map<LocalDate, BigDecimal>> savedOverrides = new HashMap<>(overrides);
        try {
            return work.get();
        } catch (RuntimeException e) {
            versions = saved;
            overrides = savedOverrides;
            throw e;
        }
    }
}
