package com.bi.chat.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time expressions (the grammar's {@code period} rule, README "Grammar") resolved against "today" in the tenant's
 * zone. "Last N days" are the N complete days before today. A festival is its sales window including the
 * pre-sale (双十一 10-20..11-11, 618 05-20..06-18, 双十二 12-01..12-12; "当天"/"day" = the day only), of the
 * latest year whose window has started. A period that ends after today ends today.
 */
final class Periods {
    /** The calendar unit a period is (for "this month vs last month"); RANGE for anything else. */
    enum Unit { DAY, WEEK, MONTH, QUARTER, YEAR, RANGE }

    /** A period found at [start, end) of the normalized text; {@code future} when it starts after today. */
    record Found(LocalDate from, LocalDate to, Unit unit, int start, int end, boolean future) {
    }

    private record Rule(Pattern pattern, BiFunction<Matcher, LocalDate, Found> resolve) {
    }

    static final String NUM = "(\\d{1,3}|[一二两三四五六七八九十]{1,3})";
    private static final String DATE = "(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})[日号]?";
    private static final String MONTHS_EN = "(january|february|march|april|may|june|july|august|september|october|november|december"
            + "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)";
    private static final String YEAR_PREFIX = "(?:(去年|今年|前年|last year'?s?|this year'?s?|(\\d{4})年?)\\s*的?\\s*)?";
    private static final List<Rule> RULES = new ArrayList<>();

    static {
        rule(DATE + "\\s*(?:到|至|~|-|—|to|until|through)\\s*" + DATE, (m, t) -> range(date(m, 1), date(m, 4), Unit.RANGE, m, t));
        rule("(?:from|between)\\s+" + DATE + "\\s*(?:and|to|-)\\s*" + DATE, (m, t) -> range(date(m, 1), date(m, 4), Unit.RANGE, m, t));
        rule(DATE, (m, t) -> day(date(m, 1), m, t));
        rule("(\\d{4})年(\\d{1,2})月份?", (m, t) -> month(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m, t));
        rule("(?<![\\d-])(\\d{4})-(\\d{1,2})(?![\\d-])", (m, t) -> month(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m, t));
        rule(MONTHS_EN + "\\s+(\\d{4})", (m, t) -> month(Integer.parseInt(m.group(2)), monthEn(m.group(1)), m, t));
        rule("(?:in\\s+)?" + MONTHS_EN + "(?![a-z])", (m, t) -> recentMonth(monthEn(m.group(1)), m, t));
        rule("(?<!\\d)(\\d{4})年(?!\\d{1,2}月)", (m, t) -> year(Integer.parseInt(m.group(1)), m, t));
        rule("(?:in\\s+)?(?<!\\d)(20\\d\\d)(?![\\d-])", (m, t) -> year(Integer.parseInt(m.group(1)), m, t));
        rule("(?<![\\d年])" + NUM + "月" + NUM + "[日号]", (m, t) -> recentDay(number(m.group(1)), number(m.group(2)), m, t));
        rule("(?<![\\d年上下个这本])" + NUM + "月份?(?!\\d)", (m, t) -> recentMonth(number(m.group(1)), m, t));
        rule("今天|今日|today", (m, t) -> new Found(t, t, Unit.DAY, m.start(), m.end(), false));
        rule("昨天|昨日|yesterday", (m, t) -> new Found(t.minusDays(1), t.minusDays(1), Unit.DAY, m.start(), m.end(), false));
        rule("前天|day before yesterday", (m, t) -> new Found(t.minusDays(2), t.minusDays(2), Unit.DAY, m.start(), m.end(), false));
        rule("(?:最近|近|过去|前)\\s*" + NUM + "\\s*(?:天|日)"
                        + "|(?:the\\s+)?(?:last|past|previous|recent)\\s+(\\d{1,4})\\s+days?",
                (m, t) -> lastDays(number(first(m, 1, 2)), m, t));
        rule("(?:最近|近|过去|前)\\s*" + NUM + "\\s*(?:个)?(?:周|星期|礼拜)"
                        + "|(?:the\\s+)?(?:last|past|previous)\\s+(\\d{1,3})\\s+weeks?",
                (m, t) -> lastDays(7 * number(first(m, 1, 2)), m, t));
        rule("(?:最近|近|过去|前)\\s*" + NUM + "\\s*个月"
                        + "|(?:the\\s+)?(?:last|past|previous)\\s+(\\d{1,2})\\s+months?",
                (m, t) -> range(t.minusMonths(number(first(m, 1, 2))), t.minusDays(1), Unit.RANGE, m, t));
        rule("本周|这周|这个?星期|这个?礼拜|this week|week to date|wtd",
                (m, t) -> range(monday(t), t, Unit.WEEK, m, t));
        rule("上周|上个?星期|上个?礼拜|last week|previous week|the week before",
                (m, t) -> range(monday(t).minusWeeks(1), monday(t).minusDays(1), Unit.WEEK, m, t));
        rule("本月|这个月|当月|this month|month to date|mtd",
                (m, t) -> range(t.withDayOfMonth(1), t, Unit.MONTH, m, t));
        rule("上个?月|last month|previous month|the month before",
                (m, t) -> range(t.withDayOfMonth(1).minusMonths(1), t.withDayOfMonth(1).minusDays(1), Unit.MONTH, m, t));
        rule("本季度?|这个?季度|this quarter|quarter to date|qtd",
                (m, t) -> range(quarter(t), t, Unit.QUARTER, m, t));
        rule("上个?季度|last quarter|previous quarter",
                (m, t) -> range(quarter(t).minusMonths(3), quarter(t).minusDays(1), Unit.QUARTER, m, t));
        rule("今年|本年|this year|year to date|ytd",
                (m, t) -> range(t.withDayOfYear(1), t, Unit.YEAR, m, t));
        rule("去年|last year|previous year",
                (m, t) -> year(t.getYear() - 1, m, t));
        rule("前年|the year before last", (m, t) -> year(t.getYear() - 2, m, t));
        festival("双十一|双11|11\\.11|1111|singles'?\\s*day|double\\s*11|double eleven",
                MonthDay.of(10, 20), MonthDay.of(11, 11));
        festival("(?<!\\d)618(?!\\d)|六一八", MonthDay.of(5, 20), MonthDay.of(6, 18));
        festival("双十二|双12|12\\.12|double\\s*12|double twelve", MonthDay.of(12, 1), MonthDay.of(12, 12));
    }

    private Periods() {
    }

    private static void rule(String regex, BiFunction<Matcher, LocalDate, Found> resolve) {
        RULES.add(new Rule(Pattern.compile(regex), resolve));
    }

    private static void festival(String names, MonthDay start, MonthDay end) {
        rule(YEAR_PREFIX + "(?:" + names + ")\\s*(期间|当天|当日|那天|活动|大促|(?:day|sale|period|promotion)(?![a-z]))?", (m, t) -> {
            boolean dayOnly = m.group(3) != null && List.of("当天", "当日", "那天", "day").contains(m.group(3));
            int year;
            if (m.group(2) != null) {
                year = Integer.parseInt(m.group(2));
            } else if (m.group(1) != null) {
                year = m.group(1).startsWith("去") || m.group(1).startsWith("last") ? t.getYear() - 1
                        : m.group(1).startsWith("前") ? t.getYear() - 2 : t.getYear();
            } else {
                LocalDate begins = (dayOnly ? end : start).atYear(t.getYear());
                year = begins.isAfter(t) ? t.getYear() - 1 : t.getYear();
            }
            LocalDate to = end.atYear(year);
            return range(dayOnly ? to : start.atYear(year), to, dayOnly ? Unit.DAY : Unit.RANGE, m, t);
        });
    }

    /** Every period in {@code text}, left to right; where two overlap the longer wins. */
    static List<Found> find(String text, LocalDate today) {
        List<Found> all = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                Found found;
                try {
                    found = rule.resolve().apply(m, today);
                } catch (RuntimeException invalidDate) { // 2024-02-31, 13月: not a period
                    continue;
                }
                if (found != null) {
                    all.add(found);
                }
            }
        }
        all.sort((a, b) -> a.end() - a.start() != b.end() - b.start() ? (b.end() - b.start()) - (a.end() - a.start()) : a.start() - b.start());
        List<Found> kept = new ArrayList<>();
        for (Found f : all) {
            if (kept.stream().noneMatch(k -> k.start() < f.end() && f.start() < k.end())) {
                kept.add(f);
            }
        }
        kept.sort((a, b) -> a.start() - b.start());
        return kept;
    }

    /** 1..999 from digits or Chinese numerals (十, 二十, 十五, 两); -1 when not a number. */
    static int number(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        if (Character.isDigit(text.charAt(0))) {
            return Integer.parseInt(text);
        }
        String digits = "零一二三四五六七八九";
        int ten = text.indexOf('十');
        if (ten < 0) {
            return text.length() == 1 ? digit(text.charAt(0), digits) : -1;
        }
        int tens = ten == 0 ? 1 : digit(text.charAt(0), digits);
        int ones = ten == text.length() - 1 ? 0 : digit(text.charAt(ten + 1), digits);
        return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
    }

    private static int digit(char c, String digits) {
        return c == '两' ? 2 : digits.indexOf(c);
    }

    private static String first(Matcher m, int... groups) {
        for (int g : groups) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return null;
    }

    private static LocalDate date(Matcher m, int group) {
        return LocalDate.of(Integer.parseInt(m.group(group)), Integer.parseInt(m.group(group + 1)), Integer.parseInt(m.group(group + 2)));
    }

    private static int monthEn(String name) {
        for (Month month : Month.values()) {
            String full = month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (full.equals(name) || full.startsWith(name) && name.length() >= 3) {
                return month.getValue();
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static LocalDate monday(LocalDate t) {
        return t.with(DayOfWeek.MONDAY);
    }

    private static LocalDate quarter(LocalDate t) {
        return LocalDate.of(t.getYear(), (t.getMonthValue() - 1) / 3 * 3 + 1, 1);
    }

    private static Found lastDays(int n, Matcher m, LocalDate t) {
        if (n < 1 || n > ChatQuery.MAX_DAYS) {
            return null;
        }
        return range(t.minusDays(n), t.minusDays(1), Unit.RANGE, m, t);
    }

    private static Found day(LocalDate d, Matcher m, LocalDate t) {
        return range(d, d, Unit.DAY, m, t);
    }

    private static Found month(int year, int month, Matcher m, LocalDate t) {
        LocalDate from = LocalDate.of(year, month, 1);
        return range(from, from.plusMonths(1).minusDays(1), Unit.MONTH, m, t);
    }

    private static Found recentMonth(int month, Matcher m, LocalDate t) {
        if (month < 1 || month > 12) {
            return null;
        }
        int year = month > t.getMonthValue() ? t.getYear() - 1 : t.getYear();
        return month(year, month, m, t);
    }

    private static Found recentDay(int month, int day, Matcher m, LocalDate t) {
        LocalDate d = LocalDate.of(t.getYear(), month, day);
        return day(d.isAfter(t) ? d.minusYears(1) : d, m, t);
    }

    private static Found year(int year, Matcher m, LocalDate t) {
        if (year < 1970 || year > 2199) {
            return null;
        }
        return range(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), Unit.YEAR, m, t);
    }

    private static Found range(LocalDate from, LocalDate to, Unit unit, Matcher m, LocalDate t) {
        if (to.isBefore(from)) {
            return null;
        }
        boolean future = from.isAfter(t);
        return new Found(from, to.isAfter(t) && !future ? t : to, unit, m.start(), m.end(), future);
    }
}
