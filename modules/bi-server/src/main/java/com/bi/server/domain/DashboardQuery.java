package com.bi.server.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/**
 * What a dashboard shows: a date range (a preset in the tenant's time zone, or {@code custom} from..to), and
 * optionally some shops and one platform. Parsed strictly: a bad value is a 400 naming its parameter.
 */
public record DashboardQuery(String range, LocalDate from, LocalDate to, List<String> shops, Optional<String> platform) {
    public static final List<String> RANGES = List.of("today", "yesterday", "last_7_days", "last_30_days", "this_month",
            "last_month", "custom");
    public static final Set<String> PLATFORMS = Set.of("TAOBAO", "TMALL", "JD", "PDD", "DOUYIN", "OTHER");
    public static final int MAX_SHOPS = 50;
    public static final int MAX_DAYS = 366;
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public DashboardQuery {
        shops = List.copyOf(shops);
    }

    /**
     * @param range    a preset of {@link #RANGES} (default {@code last_7_days})
     * @param from     {@code yyyy-MM-dd}, only with {@code custom}
     * @param to       {@code yyyy-MM-dd}, only with {@code custom}
     * @param shops    comma-separated shop ids (the source's), or null for all
     * @param platform one of {@link #PLATFORMS}, or null for all
     * @param today    today in the tenant's time zone
     */
    public static DashboardQuery parse(String range, String from, String to, String shops, String platform, LocalDate today) {
        String preset = range == null || range.isBlank() ? "last_7_days" : range.trim();
        if (!RANGES.contains(preset)) {
            throw ApiException.badRequest("range", "must be one of " + RANGES);
        }
        if (!preset.equals("custom") && (from != null || to != null)) {
            throw ApiException.badRequest(from != null ? "from" : "to", "from and to are only read with range=custom");
        }
        LocalDate start;
        LocalDate end;
        switch (preset) {
            case "today" -> start = end = today;
            case "yesterday" -> start = end = today.minusDays(1);
            case "last_7_days" -> { start = today.minusDays(6); end = today; }
            case "last_30_days" -> { start = today.minusDays(29); end = today; }
            case "this_month" -> { start = today.withDayOfMonth(1); end = today; }
            case "last_month" -> {
                start = today.withDayOfMonth(1).minusMonths(1);
                end = today.withDayOfMonth(1).minusDays(1);
            }
            default -> {
                start = date("from", from);
                end = date("to", to);
                if (end.isBefore(start)) {
                    throw ApiException.badRequest("to", "must not be before from");
                }
                if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
                    throw ApiException.badRequest("to", "a dashboard spans at most " + MAX_DAYS + " days");
                }
            }
        }
        return new DashboardQuery(preset, start, end, shopList(shops), platform(platform));
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name, "is required with range=custom (yyyy-MM-dd)");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "must be a date yyyy-MM-dd");
        }
    }

    private static List<String> shopList(String shops) {
        if (shops == null || shops.isBlank()) {
            return List.of();
        }
        List<String> ids = Arrays.stream(shops.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().sorted().toList();
        if (ids.size() > MAX_SHOPS) {
            throw ApiException.badRequest("shops", "at most " + MAX_SHOPS + " shops");
        }
        for (String id : ids) {
            if (!SHOP_ID.matcher(id).matches()) {
                throw ApiException.badRequest("shops", "a shop id is 1-64 letters, digits or _.:-");
            }
        }
        return ids;
    }

    private static Optional<String> platform(String platform) {
        if (platform == null || platform.isBlank()) {
            return Optional.empty();
        }
        String upper = platform.trim().toUpperCase(java.util.Locale.ROOT);
        if (!PLATFORMS.contains(upper)) {
            throw ApiException.badRequest("platform", "must be one of " + PLATFORMS.stream().sorted().toList());
        }
        return Optional.of(upper);
    }

    /** The period the KPI comparison is against: the same number of days right before. */
    public LocalDate compareFrom() {
        return from.minusDays(ChronoUnit.DAYS.between(from, to) + 1);
    }

    /** The canonical text of the query (cache key part): equal queries, equal text. */
    public String canonical() {
        return from + ".." + to + "|shops=" + String.join(",", shops) + "|platform=" + platform.orElse("");
    }
}
