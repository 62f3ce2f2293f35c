package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.bi.common.error.ApiException;

/**
 * The use cases of bi-plan-taoxi: monthly plans of Taoxi shops (versioned), their daily split, attainment, forecast
 * and status. Shops come from bi-basic and sales from bi-analysis, both asked with the caller's token; every read
 * and write of the repository is scoped to the caller's tenant.
 */
public final class Plans {
    /** What the service reads from its options. */
    public record Settings(int profileWeeks, int profileMinDays, Thresholds defaultThresholds, int importMaxRows) {
    }

    /** A write's outcome: the current version, and whether it created the plan or changed it. */
    public record Upserted(PlanVersion plan, boolean created, boolean changed) {
    }

    private final PlanRepository repository;
    private final ShopDirectory shops;
    private final SalesHistory sales;
    private final Clock clock;
    private final Settings settings;

    public Plans(PlanRepository repository, ShopDirectory shops, SalesHistory sales, Clock clock, Settings settings) {
        this.repository = repository;
        this.shops = shops;
        this.sales = sales;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    // ---- plans ----

    /**
     * Creates or changes the shop's plan of the month (a new version), or keeps the current version when the targets
     * and note are the same. {@code expectedVersion} (when not null) must be the current version (else 412); with
     * {@code requireExpected} changing an existing plan needs it (else 428), as the HTTP API's If-Match.
     */
    public Upserted upsert(String tenant, String user, PlanDraft draft, Long expectedVersion, boolean requireExpected) {
        ShopRef shop = taoxiShop(draft.shopId(), "shop_id");
        return repository.inTransaction(() -> {
            if (requireExpected && expectedVersion == null
                    && repository.latest(tenant, draft.shopId(), draft.month()).filter(p -> !p.deleted()).isPresent()) {
                throw ApiException.preconditionRequired("changing the plan of shop " + draft.shopId() + " for "
                        + draft.month() + " needs an If-Match header with the ETag you read");
            }
            return write(tenant, user, draft, shop, expectedVersion, null);
        });
    }

    /** {@link #upsert(String, String, PlanDraft, Long, boolean)} without requiring the expected version. */
    public Upserted upsert(String tenant, String user, PlanDraft draft, Long expectedVersion) {
        return upsert(tenant, user, draft, expectedVersion, false);
    }

    private Upserted write(String tenant, String user, PlanDraft draft, ShopRef shop, Long expectedVersion, String change) {
        Optional<PlanVersion> latest = repository.latest(tenant, draft.shopId(), draft.month());
        boolean live = latest.isPresent() && !latest.get().deleted();
        if (expectedVersion != null && (!live || latest.get().version() != expectedVersion)) {
            throw ApiException.preconditionFailed("the plan of shop " + draft.shopId() + " for " + draft.month() + " is "
                    + (live ? "at version " + latest.get().version() : "not there") + ", not version " + expectedVersion
                    + "; read it again");
        }
        if (live && latest.get().targetGmv().compareTo(draft.targetGmv()) == 0
                && latest.get().targetOrders() == draft.targetOrders() && Objects.equals(latest.get().note(), draft.note())
                && latest.get().shopName().equals(shop.name()) && latest.get().salesKey().equals(shop.salesKey())) {
            return new Upserted(latest.get(), false, false);
        }
        long version = latest.map(PlanVersion::version).orElse(0L) + 1;
        String kind = change != null ? change : live ? "UPDATE" : "CREATE";
        PlanVersion next = repository.append(tenant, new PlanVersion(draft.shopId(), draft.month(), version,
                draft.targetGmv(), draft.targetOrders(), false, kind, user, clock.instant(), draft.note(), shop.name(),
                shop.platform(), shop.salesKey()));
        return new Upserted(next, !live, true);
    }

    /** The current plan; 404 when there is none (or it was deleted). */
    public PlanVersion get(String tenant, long shopId, YearMonth month) {
        return repository.latest(tenant, shopId, month).filter(p -> !p.deleted())
                .orElseThrow(() -> ApiException.notFound("plan of shop " + shopId + " for", month));
    }

    /** Deletes the plan (a DELETE version keeps its history readable). */
    public void delete(String tenant, String user, long shopId, YearMonth month, Long expectedVersion) {
        repository.inTransaction(() -> {
            PlanVersion current = get(tenant, shopId, month);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw ApiException.preconditionFailed("the plan of shop " + shopId + " for " + month + " is at version "
                        + current.version() + ", not version " + expectedVersion + "; read it again");
            }
            return repository.append(tenant, new PlanVersion(shopId, month, current.version() + 1, current.targetGmv(),
                    current.targetOrders(), true, "DELETE", user, clock.instant(), null, current.shopName(),
                    current.platform(), current.salesKey()));
        });
    }

    public List<PlanVersion> list(String tenant, YearMonth month, Collection<Long> shopIds) {
        return repository.current(tenant, month, shopIds);
    }

    public List<PlanVersion> versions(String tenant, long shopId, YearMonth month) {
        List<PlanVersion> all = repository.versions(tenant, shopId, month);
        if (all.isEmpty()) {
            throw ApiException.notFound("plan of shop " + shopId + " for", month);
        }
        return all;
    }

    public PlanVersion version(String tenant, long shopId, YearMonth month, long version) {
        return repository.version(tenant, shopId, month, version)
                .orElseThrow(() -> ApiException.notFound("version " + version + " of the plan of shop " + shopId + " for", month));
    }

    /** The current plans of the months {@code from}..{@code to} (for export). */
    public List<PlanVersion> export(String tenant, YearMonth from, YearMonth to) {
        if (from.isAfter(to)) {
            throw ApiException.badRequest("to", "to (" + to + ") is before from (" + from + ")");
        }
        if (from.plusMonths(120).isBefore(to)) {
            throw ApiException.badRequest("to", "an export spans at most 120 months");
        }
        return repository.current(tenant, from, to);
    }

    // ---- daily split ----

    /** The plan's daily targets: the shop's weekday profile (from the weeks before the month), promo days, overrides. */
    public DailyPlan daily(String tenant, long shopId, YearMonth month) {
        PlanVersion plan = get(tenant, shopId, month);
        WeekdayProfile profile = profiles(List.of(plan), month).get(plan.salesKey());
        Map<LocalDate, BigDecimal> overrides = repository.overrides(tenant, month, List.of(shopId)).getOrDefault(shopId, Map.of());
        return new DailyPlan(plan, profile, split(plan, profile, overrides));
    }

    /** Replaces the plan's daily overrides (day → weight; weight 0 = no sales expected that day). */
    public DailyPlan replaceOverrides(String tenant, String user, long shopId, YearMonth month, Map<LocalDate, BigDecimal> weights) {
        PlanVersion plan = get(tenant, shopId, month);
        int i = 0;
        for (Map.Entry<LocalDate, BigDecimal> e : new TreeMap<>(weights).entrySet()) {
            if (!YearMonth.from(e.getKey()).equals(month)) {
                throw ApiException.badRequest("overrides[" + i + "].day", "day " + e.getKey() + " is not in " + month);
            }
            i++;
        }
        if (weights.size() == month.lengthOfMonth() && weights.values().stream().allMatch(w -> w.signum() == 0)
                && (plan.targetGmv().signum() > 0 || plan.targetOrders() > 0)) {
            throw new ApiException(422, "Unprocessable Content", "every day of " + month + " would weigh 0, so the target"
                    + " could not be split", "overrides");
        }
        repository.replaceOverrides(tenant, shopId, month, weights, user);
        return daily(tenant, shopId, month);
    }

    private static List<DayTarget> split(PlanVersion plan, WeekdayProfile profile, Map<LocalDate, BigDecimal> overrides) {
        try {
            return DailySplit.split(plan.month(), plan.targetGmv(), plan.targetOrders(), profile, overrides);
        } catch (IllegalArgumentException e) {
            // only overrides can zero every day of a month; replaceOverrides refuses them, so this is defensive
            throw new ApiException(422, "Unprocessable Content", "every day of " + plan.month() + " weighs 0, so the target"
                    + " cannot be split; change the overrides", "overrides");
        }
    }

    /** Sales key → the shop's weekday profile, learned from the {@code profileWeeks} weeks before the month. */
    private Map<String, WeekdayProfile> profiles(List<PlanVersion> plans, YearMonth month) {
        LocalDate to = month.atDay(1).minusDays(1);
        LocalDate from = month.atDay(1).minusWeeks(settings.profileWeeks());
        Set<String> keys = salesKeys(plans);
        Map<String, Map<LocalDate, DaySales>> history = keys.isEmpty() ? Map.of() : sales.daily(keys, from, to);
        Map<String, WeekdayProfile> out = new HashMap<>();
        for (String key : keys) {
            out.put(key, WeekdayProfile.learn(history.getOrDefault(key, Map.of()), from, to, settings.profileMinDays()));
        }
        return out;
    }

    private static Set<String> salesKeys(List<PlanVersion> plans) {
        Set<String> keys = new LinkedHashSet<>();
        plans.forEach(p -> keys.add(p.salesKey()));
        return keys;
    }

    // ---- attainment ----

    /**
     * Month-to-date attainment of the month's plans ({@code month} null = the current month in the tenant's zone) as
     * of yesterday (the last full day; the month's last day for a past month). {@code shopIds} empty = every plan.
     */
    public Attainments attainment(String tenant, YearMonth month, Collection<Long> shopIds) {
        ZoneId zone = sales.zone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        YearMonth m = month != null ? month : YearMonth.from(today);
        LocalDate first = m.atDay(1);
        LocalDate last = m.atEndOfMonth();
        LocalDate yesterday = today.minusDays(1);
        LocalDate asOf = yesterday.isAfter(last) ? last : yesterday.isBefore(first) ? first.minusDays(1) : yesterday;
        Thresholds thresholds = thresholds(tenant);
        List<PlanVersion> plans = repository.current(tenant, m, shopIds);
        if (plans.isEmpty()) {
            return new Attainments(m, asOf, zone, thresholds, List.of());
        }
        Set<String> keys = salesKeys(plans);
        Map<String, Map<LocalDate, DaySales>> mtd = asOf.isBefore(first) ? Map.of() : sales.daily(keys, first, asOf);
        Map<String, WeekdayProfile> profiles = profiles(plans, m);
        LocalDate[] lastYear = PromoUplift.historyRange(m);
        boolean promoMonth = PromoCalendar.SEGMENTS.stream().anyMatch(s -> !s.lastIn(m.getYear()).isBefore(first)
                && !s.firstIn(m.getYear()).isAfter(last));
        Map<String, Map<LocalDate, DaySales>> lastYearDaily = promoMonth && !asOf.isBefore(first) && asOf.isBefore(last)
                ? sales.daily(keys, lastYear[0], lastYear[1]) : Map.of();
        Map<Long, Map<LocalDate, BigDecimal>> overrides = repository.overrides(tenant, m,
                plans.stream().map(PlanVersion::shopId).toList());

        List<ShopAttainment> out = new ArrayList<>(plans.size());
        for (PlanVersion plan : plans) {
            WeekdayProfile profile = profiles.get(plan.salesKey());
            List<DayTarget> days = split(plan, profile, overrides.getOrDefault(plan.shopId(), Map.of()));
            BigDecimal expectedGmv = BigDecimal.ZERO.setScale(2);
            long expectedOrders = 0;
            for (DayTarget d : days) {
                if (!d.day().isAfter(asOf)) {
                    expectedGmv = expectedGmv.add(d.gmv());
                    expectedOrders += d.orders();
                }
            }
            BigDecimal mtdGmv = BigDecimal.ZERO.setScale(2);
            long mtdOrders = 0;
            for (DaySales s : mtd.getOrDefault(plan.salesKey(), Map.of()).values()) {
                mtdGmv = mtdGmv.add(s.gmv());
                mtdOrders += s.orders();
            }
            boolean expectedNothing = expectedGmv.signum() == 0;
            BigDecimal attainment = expectedNothing ? BigDecimal.ZERO : mtdGmv.divide(expectedGmv, 6, RoundingMode.HALF_UP);
            Forecast.Result forecast = Forecast.of(m, asOf, mtdGmv, mtdOrders, plan.targetGmv(), plan.targetOrders(), profile,
                    PromoUplift.learn(m, lastYearDaily.getOrDefault(plan.salesKey(), Map.of())));
            out.add(new ShopAttainment(plan, mtdGmv, mtdOrders, expectedGmv, expectedOrders, attainment, forecast,
                    thresholds.status(attainment, expectedNothing)));
        }
        return new Attainments(m, asOf, zone, thresholds, out);
    }

    // ---- thresholds ----

    public Thresholds thresholds(String tenant) {
        return repository.thresholds(tenant).orElse(settings.defaultThresholds());
    }

    public Thresholds saveThresholds(String tenant, String user, Thresholds thresholds) {
        repository.saveThresholds(tenant, thresholds, user);
        return thresholds;
    }

    // ---- CSV import ----

    /**
     * Imports plan rows. All or nothing unless {@code partial}: any bad row (a bad field, an unknown or non-Taoxi shop,
     * a shop and month twice in the file) refuses the whole file with every bad row and field listed
     * ({@link ImportRejected}); in partial mode the valid rows are imported and the bad ones reported. The valid rows
     * are written in one transaction either way.
     */
    public ImportResult importPlans(String tenant, String user, List<ImportRow> rows, boolean partial) {
        if (rows.isEmpty()) {
            throw ApiException.badRequest("body", "the CSV has no data rows");
        }
        if (rows.size() > settings.importMaxRows()) {
            throw ApiException.badRequest("body", "a CSV import holds at most " + settings.importMaxRows() + " rows; got " + rows.size());
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<Long, Optional<ShopRef>> shopCache = new HashMap<>();
        List<PlanDraft> good = new ArrayList<>();
        List<ShopRef> goodShops = new ArrayList<>();
        for (ImportRow row : rows) {
            PlanDraft draft = PlanInput.draft(row.line(), row.shopId(), row.month(), row.targetGmv(), row.targetOrders(),
                    row.note(), errors);
            if (draft == null) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(draft.shopId() + "/" + draft.month(), row.line());
            if (earlier != null) {
                errors.add(new FieldError(row.line(), "shop_id", "shop " + draft.shopId() + " and month " + draft.month()
                        + " are already on line " + earlier));
                continue;
            }
            Optional<ShopRef> shop = shopCache.computeIfAbsent(draft.shopId(), shops::find);
            String refusal = shop.isEmpty() ? unknownShop(draft.shopId()) : taoxiRefusal(shop.get());
            if (refusal != null) {
                errors.add(new FieldError(row.line(), "shop_id", refusal));
                continue;
            }
            good.add(draft);
            goodShops.add(shop.get());
        }
        errors.sort(java.util.Comparator.comparingInt(FieldError::line));
        if (!errors.isEmpty() && !partial) {
            throw new ImportRejected(rows.size(), errors);
        }
        int[] counts = new int[3];
        repository.inTransaction(() -> {
            for (int i = 0; i < good.size(); i++) {
                Upserted u = write(tenant, user, good.get(i), goodShops.get(i), null, "IMPORT");
                counts[u.changed() ? (u.created() ? 0 : 1) : 2]++;
            }
            return null;
        });
        return new ImportResult(rows.size(), counts[0], counts[1], counts[2], List.copyOf(errors));
    }

    // ---- shops ----

    /** bi-basic's shop if it is a Taoxi shop of the tenant, else a 422 naming the shop. */
    private ShopRef taoxiShop(long shopId, String field) {
        ShopRef shop = shops.find(shopId).orElseThrow(() -> new ApiException(422, "Unprocessable Content", unknownShop(shopId), field));
        String refusal = taoxiRefusal(shop);
        if (refusal != null) {
            throw new ApiException(422, "Unprocessable Content", refusal, field);
        }
        return shop;
    }

    private static String unknownShop(long shopId) {
        return "shop " + shopId + " is not a shop of this tenant in bi-basic";
    }

    private static String taoxiRefusal(ShopRef shop) {
        for (Platform p : Platform.values()) {
            if (p.name().equals(shop.platform())) {
                return null;
            }
        }
        return "shop " + shop.id() + " (" + shop.name() + ") is a " + shop.platform()
                + " shop; only Taoxi shops (TAOBAO, TMALL) get plans";
    }
}
