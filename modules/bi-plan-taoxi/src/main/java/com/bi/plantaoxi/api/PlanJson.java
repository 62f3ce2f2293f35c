package com.bi.plantaoxi.api;

import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bi.plantaoxi.domain.Attainments;
import com.bi.plantaoxi.domain.DailyPlan;
import com.bi.plantaoxi.domain.DayTarget;
import com.bi.plantaoxi.domain.FieldError;
import com.bi.plantaoxi.domain.ImportResult;
import com.bi.plantaoxi.domain.PlanVersion;
import com.bi.plantaoxi.domain.ShopAttainment;
import com.bi.plantaoxi.domain.Thresholds;

/** The JSON shapes of the HTTP API (snake_case; money as decimal text, like the gRPC contract). */
final class PlanJson {
    private PlanJson() {
    }

    static Map<String, Object> plan(PlanVersion p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop_id", p.shopId());
        out.put("shop_name", p.shopName());
        out.put("platform", p.platform());
        out.put("month", p.month().toString());
        out.put("target_gmv", p.targetGmv().toPlainString());
        out.put("target_orders", p.targetOrders());
        out.put("version", p.version());
        out.put("change", p.change());
        out.put("deleted", p.deleted());
        out.put("changed_by", p.changedBy());
        out.put("changed_at", p.changedAt().toString());
        out.put("note", p.note());
        return out;
    }

    static Map<String, Object> plans(List<PlanVersion> plans) {
        return Map.of("items", plans.stream().map(PlanJson::plan).toList(), "total", plans.size());
    }

    static Map<String, Object> attainment(Attainments a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", a.month().toString());
        out.put("as_of", a.asOf().toString());
        out.put("time_zone", a.zone().getId());
        out.put("thresholds", thresholds(a.thresholds(), null));
        out.put("shops", a.shops().stream().map(PlanJson::shop).toList());
        return out;
    }

    static Map<String, Object> shop(ShopAttainment s) {
        PlanVersion p = s.plan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop_id", p.shopId());
        out.put("shop_name", p.shopName());
        out.put("platform", p.platform());
        out.put("month", p.month().toString());
        out.put("plan_version", p.version());
        out.put("target_gmv", p.targetGmv().toPlainString());
        out.put("target_orders", p.targetOrders());
        out.put("mtd_gmv", s.mtdGmv().toPlainString());
        out.put("mtd_orders", s.mtdOrders());
        out.put("expected_gmv_to_date", s.expectedGmv().toPlainString());
        out.put("expected_orders_to_date", s.expectedOrders());
        out.put("attainment", s.attainment().setScale(4, RoundingMode.HALF_UP).doubleValue());
        out.put("forecast_gmv", s.forecast().gmv().toPlainString());
        out.put("forecast_orders", s.forecast().orders());
        out.put("forecast_method", s.forecast().method().name());
        out.put("forecast_attainment", s.forecastAttainment().setScale(4, RoundingMode.HALF_UP).doubleValue());
        out.put("status", s.status().name());
        return out;
    }

    static Map<String, Object> daily(DailyPlan d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop_id", d.plan().shopId());
        out.put("month", d.plan().month().toString());
        out.put("plan_version", d.plan().version());
        out.put("target_gmv", d.plan().targetGmv().toPlainString());
        out.put("target_orders", d.plan().targetOrders());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("learned", d.profile().learned());
        profile.put("days_used", d.profile().daysUsed());
        Map<String, String> factors = new LinkedHashMap<>();
        for (DayOfWeek w : DayOfWeek.values()) {
            factors.put(w.name(), d.profile().factor(w).toPlainString());
        }
        profile.put("factors", factors);
        out.put("weekday_profile", profile);
        out.put("days", d.days().stream().map(PlanJson::day).toList());
        return out;
    }

    private static Map<String, Object> day(DayTarget t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", t.day().toString());
        out.put("weekday", t.day().getDayOfWeek().name());
        out.put("weight", t.weight().stripTrailingZeros().toPlainString());
        out.put("basis", t.basis());
        out.put("target_gmv", t.gmv().toPlainString());
        out.put("target_orders", t.orders());
        return out;
    }

    static Map<String, Object> thresholds(Thresholds t, String source) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("on_track_percent", t.onTrackPercent());
        out.put("at_risk_percent", t.atRiskPercent());
        if (source != null) {
            out.put("source", source);
        }
        return out;
    }

    static Map<String, Object> imported(ImportResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", r.rows());
        out.put("created", r.created());
        out.put("updated", r.updated());
        out.put("unchanged", r.unchanged());
        out.put("rejected", errors(r.rejected()));
        return out;
    }

    static List<Map<String, Object>> errors(List<FieldError> errors) {
        return errors.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", e.line());
            m.put("field", e.field());
            m.put("message", e.message());
            return m;
        }).toList();
    }
}
