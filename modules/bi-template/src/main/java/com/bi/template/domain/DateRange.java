package com.bi.template.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import com.bi.common.error.ApiException;

/**
 * A period of whole days in the tenant's time zone, both ends included, resolved from a preset relative to "today"
 * there. Presets that end "before today" ({@code last_7_days}, {@code last_30_days}) count complete days only, so a
 * morning report does not show a day that has just begun; "to date" presets include today. Weeks start on Monday.
 */
public record DateRange(LocalDate from, LocalDate to) {
    public static final List<String> PRESETS = List.of("today", "yesterday", "last_7_days", "last_30_days", "this_week",
            "last_week", "month_to_date", "last_month", "year_to_date", "custom");
    /** bi-analysis answers at most this many days. */
    public static final int MAX_DAYS = 1100;
    private static final LocalDate MIN = LocalDate.of(1970, 1, 1);
    private static final LocalDate MAX = LocalDate.of(2199, 12, 31);

    /**
     * @param spec  a preset, {@code yyyy-MM-dd..yyyy-MM-dd}, or {@code custom} (then {@code from}/{@code to} are the dates)
     * @param field the request field the spec came from, named in the 400 when it is not one
     */
    public static DateRange resolve(String spec, String from, String to, LocalDate today, String field) {
        if (spec == null || spec.isBlank()) {
            throw ApiException.badRequest(field, field + " is required: one of " + PRESETS + " or yyyy-MM-dd..yyyy-MM-dd");
        }
        String preset = spec.trim();
        return switch (preset) {
            case "today" -> new DateRange(today, today);
            case "yesterday" -> new DateRange(today.minusDays(1), today.minusDays(1));
            case "last_7_days" -> new DateRange(today.minusDays(7), today.minusDays(1));
            case "last_30_days" -> new DateRange(today.minusDays(30), today.minusDays(1));
            case "this_week" -> new DateRange(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today);
            case "last_week" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
                yield new DateRange(monday, monday.plusDays(6));
            }
            case "month_to_date" -> new DateRange(today.withDayOfMonth(1), today);
            case "last_month" -> {
                LocalDate first = today.withDayOfMonth(1).minusMonths(1);
                yield new DateRange(first, first.with(TemporalAdjusters.lastDayOfMonth()));
            }
            case "year_to_date" -> new DateRange(today.withDayOfYear(1), today);
            case "custom" -> explicit(from, to, "variables.from", "variables.to");
            default -> {
                int dots = preset.indexOf("..");
                if (dots < 0) {
                    throw ApiException.badRequest(field, field + ": unknown range '" + shorten(preset) + "'; one of " + PRESETS
                            + " or yyyy-MM-dd..yyyy-MM-dd");
                }
                yield explicit(preset.substring(0, dots), preset.substring(dots + 2), field, field);
            }
        };
    }

    /** True when {@code spec} names a preset or an explicit range (no dates checked against today). */
    public static boolean valid(String spec) {
        try {
            resolve(spec, "1970-01-01", "1970-01-01", LocalDate.of(2000, 1, 1), "range");
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static DateRange explicit(String fromText, String toText, String fromField, String toField) {
        LocalDate from = date(fromText, fromField);
        LocalDate to = date(toText, toField);
        if (to.isBefore(from)) {
            throw ApiException.badRequest(toField, toField + ": the range ends before it starts");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw ApiException.badRequest(toField, toField + ": a range spans at most " + MAX_DAYS + " days");
        }
        return new DateRange(from, to);
    }

    private static LocalDate date(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(field, field + " is required (yyyy-MM-dd)");
        }
        try {
            LocalDate date = LocalDate.parse(text.trim());
            if (date.isBefore(MIN) || date.isAfter(MAX)) {
                throw ApiException.badRequest(field, field + " must be between " + MIN + " and " + MAX);
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be a date yyyy-MM-dd, not '" + shorten(text) + "'");
        }
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
