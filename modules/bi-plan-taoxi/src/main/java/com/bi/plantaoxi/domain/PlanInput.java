package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/** The rules of plan input, the same for HTTP, gRPC and CSV rows: each bad field is named with what was wrong. */
public final class PlanInput {
    public static final BigDecimal MAX_GMV = new BigDecimal("9999999999999.99");
    public static final long MAX_ORDERS = 1_000_000_000_000L;
    public static final int MAX_NOTE = 500;
    public static final YearMonth FIRST_MONTH = YearMonth.of(2000, 1);
    public static final YearMonth LAST_MONTH = YearMonth.of(2100, 12);
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern ID = Pattern.compile("[1-9]\\d{0,17}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,13}(\\.\\d{1,2})?");
    private static final Pattern COUNT = Pattern.compile("\\d{1,13}");

    private PlanInput() {
    }

    /** A month {@code yyyy-MM} between 2000-01 and 2100-12, or a 400 naming {@code field}. */
    public static YearMonth month(String field, String text) {
        List<FieldError> errors = new ArrayList<>();
        YearMonth month = month(0, field, text, errors);
        throwFirst(errors);
        return month;
    }

    /** A shop id (a positive integer), or a 400 naming {@code field}. */
    public static long shopId(String field, String text) {
        List<FieldError> errors = new ArrayList<>();
        long id = shopId(0, field, text, errors);
        throwFirst(errors);
        return id;
    }

    /** The draft, or a 400 naming the first bad field. */
    public static PlanDraft draft(String shopId, String month, String targetGmv, String targetOrders, String note) {
        List<FieldError> errors = new ArrayList<>();
        PlanDraft draft = draft(0, shopId, month, targetGmv, targetOrders, note, errors);
        throwFirst(errors);
        return draft;
    }

    /** The draft, or null with every bad field added to {@code errors}. */
    public static PlanDraft draft(int line, String shopId, String month, String targetGmv, String targetOrders, String note,
                                  List<FieldError> errors) {
        int before = errors.size();
        long id = shopId(line, "shop_id", shopId, errors);
        YearMonth m = month(line, "month", month, errors);
        BigDecimal gmv = null;
        if (targetGmv == null || !DECIMAL.matcher(targetGmv.trim()).matches()) {
            errors.add(new FieldError(line, "target_gmv", "target_gmv must be a decimal from 0 to " + MAX_GMV.toPlainString()
                    + " with at most 2 decimals, such as 120000.00; got " + shown(targetGmv)));
        } else {
            gmv = new BigDecimal(targetGmv.trim()).setScale(2);
        }
        long orders = 0;
        if (targetOrders == null || !COUNT.matcher(targetOrders.trim()).matches()
                || Long.parseLong(targetOrders.trim()) > MAX_ORDERS) {
            errors.add(new FieldError(line, "target_orders", "target_orders must be a whole number from 0 to " + MAX_ORDERS
                    + "; got " + shown(targetOrders)));
        } else {
            orders = Long.parseLong(targetOrders.trim());
        }
        String n = note == null || note.isBlank() ? null : note.strip();
        if (n != null && (n.length() > MAX_NOTE || n.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
            errors.add(new FieldError(line, "note", "note must be at most " + MAX_NOTE + " characters without control characters"));
        }
        return errors.size() > before ? null : new PlanDraft(id, m, gmv, orders, n);
    }

    static long shopId(int line, String field, String text, List<FieldError> errors) {
        if (text == null || !ID.matcher(text.trim()).matches()) {
            errors.add(new FieldError(line, field, field + " must be a bi-basic shop id (a positive whole number); got " + shown(text)));
            return 0;
        }
        return Long.parseLong(text.trim());
    }

    static YearMonth month(int line, String field, String text, List<FieldError> errors) {
        try {
            if (text != null && MONTH.matcher(text.trim()).matches()) {
                YearMonth m = YearMonth.parse(text.trim(), DateTimeFormatter.ofPattern("uuuu-MM"));
                if (!m.isBefore(FIRST_MONTH) && !m.isAfter(LAST_MONTH)) {
                    return m;
                }
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(new FieldError(line, field, field + " must be a month yyyy-MM from " + FIRST_MONTH + " to " + LAST_MONTH
                + "; got " + shown(text)));
        return null;
    }

    private static String shown(String text) {
        if (text == null) {
            return "nothing";
        }
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return "\"" + cut.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static void throwFirst(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors.getFirst().field(), errors.getFirst().message());
        }
    }
}
