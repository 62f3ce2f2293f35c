package com.bi.plantaoxi.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.error.Problem;
import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.plantaoxi.domain.ImportRejected;
import com.bi.plantaoxi.domain.ImportResult;
import com.bi.plantaoxi.domain.PlanDraft;
import com.bi.plantaoxi.domain.PlanInput;
import com.bi.plantaoxi.domain.PlanVersion;
import com.bi.plantaoxi.domain.Plans;
import com.bi.plantaoxi.domain.Thresholds;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-plan-taoxi's HTTP API under {@value #PREFIX}. Readers (any tenant role) read; analysts and admins write plans;
 * admins set the tenant's thresholds. The tenant is always the token's.
 */
public final class PlanRoutes implements HttpService {
    public static final String PREFIX = "/api/plan/v1";
    /** Shops one attainment request may name (bi-analysis's filter limit). */
    static final int MAX_SHOPS = 500;
    private static final HttpMediaType CSV = HttpMediaType.create("text/csv; charset=UTF-8");
    private static final HttpMediaType PROBLEM_JSON = HttpMediaType.create(Problem.MEDIA_TYPE);
    private static final Set<String> ADMINS = Set.of(Roles.ADMIN, Roles.PLATFORM_ADMIN);

    private final Plans plans;

    private PlanRoutes(Plans plans) {
        this.plans = plans;
    }

    public static void register(HttpRouting.Builder routing, Plans plans) {
        routing.register(PREFIX, new PlanRoutes(plans));
    }

    /** The body of PUT /plans/{shop_id}/{month}; target_gmv as decimal text or a JSON number. */
    public record PlanBody(JsonNode targetGmv, Long targetOrders, String note) {
    }

    public record OverrideBody(List<DayWeight> overrides) {
    }

    public record DayWeight(String day, BigDecimal weight) {
    }

    public record ThresholdBody(Integer onTrackPercent, Integer atRiskPercent) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/plans", RoleGuard.any(Roles.READ), this::list)
                .get("/plans/export", RoleGuard.any(Roles.READ), this::export)
                .post("/plans/import", RoleGuard.any(Roles.WRITE), this::importCsv)
                .get("/plans/{shop_id}/{month}", RoleGuard.any(Roles.READ), this::get)
                .put("/plans/{shop_id}/{month}", RoleGuard.any(Roles.WRITE), this::put)
                .delete("/plans/{shop_id}/{month}", RoleGuard.any(Roles.WRITE), this::delete)
                .get("/plans/{shop_id}/{month}/versions", RoleGuard.any(Roles.READ), this::versions)
                .get("/plans/{shop_id}/{month}/versions/{version}", RoleGuard.any(Roles.READ), this::version)
                .get("/plans/{shop_id}/{month}/daily", RoleGuard.any(Roles.READ), this::daily)
                .put("/plans/{shop_id}/{month}/overrides", RoleGuard.any(Roles.WRITE), this::overrides)
                .get("/attainment", RoleGuard.any(Roles.READ), this::attainment)
                .get("/thresholds", RoleGuard.any(Roles.READ), this::thresholds)
                .put("/thresholds", RoleGuard.any(ADMINS), this::putThresholds);
    }

    private static long shopId(ServerRequest req) {
        return PlanInput.shopId("shop_id", req.path().pathParameters().get("shop_id"));
    }

    private static YearMonth month(ServerRequest req) {
        return PlanInput.month("month", req.path().pathParameters().get("month"));
    }

    private static Long ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).map(RequestParams::etagVersion).orElse(null);
    }

    private static void sendPlan(ServerResponse res, Status status, PlanVersion plan) {
        res.headers().set(HeaderNames.ETAG, "\"" + plan.version() + "\"");
        JsonBodies.send(res, status, PlanJson.plan(plan));
    }

    private void list(ServerRequest req, ServerResponse res) {
        YearMonth month = PlanInput.month("month", req.query().first("month").orElse(null));
        JsonBodies.send(res, PlanJson.plans(plans.list(Callers.of(req).tenantId(), month, shopIds(req))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        sendPlan(res, Status.OK_200, plans.get(Callers.of(req).tenantId(), shopId(req), month(req)));
    }

    private void put(ServerRequest req, ServerResponse res) {
        long shopId = shopId(req);
        YearMonth month = month(req);
        Long expected = ifMatch(req);
        PlanBody body = JsonBodies.read(req, PlanBody.class);
        PlanDraft draft = PlanInput.draft(Long.toString(shopId), month.toString(), decimalText(body.targetGmv(), "target_gmv"),
                body.targetOrders() == null ? null : body.targetOrders().toString(), body.note());
        Caller caller = Callers.of(req);
        Plans.Upserted done = plans.upsert(caller.tenantId(), caller.userId(), draft, expected, true);
        sendPlan(res, done.created() ? Status.CREATED_201 : Status.OK_200, done.plan());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = Callers.of(req);
        plans.delete(caller.tenantId(), caller.userId(), shopId(req), month(req), ifMatch(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void versions(ServerRequest req, ServerResponse res) {
        List<PlanVersion> all = plans.versions(Callers.of(req).tenantId(), shopId(req), month(req));
        JsonBodies.send(res, Map.of("items", all.stream().map(PlanJson::plan).toList(), "total", all.size()));
    }

    private void version(ServerRequest req, ServerResponse res) {
        String text = req.path().pathParameters().get("version");
        if (!text.matches("[1-9]\\d{0,17}")) {
            throw ApiException.badRequest("version", "version must be a positive whole number; got " + text.replaceAll("\\p{Cntrl}", "?"));
        }
        PlanVersion v = plans.version(Callers.of(req).tenantId(), shopId(req), month(req), Long.parseLong(text));
        JsonBodies.send(res, PlanJson.plan(v));
    }

    private void daily(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, PlanJson.daily(plans.daily(Callers.of(req).tenantId(), shopId(req), month(req))));
    }

    private void overrides(ServerRequest req, ServerResponse res) {
        long shopId = shopId(req);
        YearMonth month = month(req);
        OverrideBody body = JsonBodies.read(req, OverrideBody.class);
        if (body.overrides() == null) {
            throw ApiException.badRequest("overrides", "overrides is required (an empty list removes them all)");
        }
        if (body.overrides().size() > 31) {
            throw ApiException.badRequest("overrides", "a month has at most 31 days; got " + body.overrides().size() + " overrides");
        }
        Map<LocalDate, BigDecimal> weights = new LinkedHashMap<>();
        for (int i = 0; i < body.overrides().size(); i++) {
            DayWeight d = body.overrides().get(i);
            String at = "overrides[" + i + "]";
            if (d == null) {
                throw ApiException.badRequest(at, at + " must be an object {\"day\":\"yyyy-MM-dd\",\"weight\":1.5}");
            }
            LocalDate day;
            try {
                day = LocalDate.parse(d.day() == null ? "" : d.day());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(at + ".day", at + ".day must be a date yyyy-MM-dd");
            }
            if (d.weight() == null || d.weight().signum() < 0 || d.weight().compareTo(BigDecimal.valueOf(100)) > 0
                    || d.weight().stripTrailingZeros().scale() > 4) {
                throw ApiException.badRequest(at + ".weight", at + ".weight must be a number from 0 to 100 with at most 4 decimals");
            }
            if (weights.put(day, d.weight().setScale(4)) != null) {
                throw ApiException.badRequest(at + ".day", "day " + day + " is listed twice");
            }
        }
        Caller caller = Callers.of(req);
        JsonBodies.send(res, PlanJson.daily(plans.replaceOverrides(caller.tenantId(), caller.userId(), shopId, month, weights)));
    }

    private void attainment(ServerRequest req, ServerResponse res) {
        String monthText = req.query().first("month").orElse(null);
        YearMonth month = monthText == null || monthText.isEmpty() ? null : PlanInput.month("month", monthText);
        JsonBodies.send(res, PlanJson.attainment(plans.attainment(Callers.of(req).tenantId(), month, shopIds(req))));
    }

    /** {@code shop_id} repeated or comma-separated; none = every shop. */
    private static List<Long> shopIds(ServerRequest req) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String value : req.query().all("shop_id", List::of)) {
            for (String part : value.split(",", -1)) {
                ids.add(PlanInput.shopId("shop_id", part));
            }
        }
        if (ids.size() > MAX_SHOPS) {
            throw ApiException.badRequest("shop_id", "at most " + MAX_SHOPS + " shops per request; got " + ids.size());
        }
        return new ArrayList<>(ids);
    }

    private void thresholds(ServerRequest req, ServerResponse res) {
        String tenant = Callers.of(req).tenantId();
        Thresholds own = plans.thresholds(tenant);
        JsonBodies.send(res, PlanJson.thresholds(own, own.equals(plans.settings().defaultThresholds()) ? "DEFAULT" : "TENANT"));
    }

    private void putThresholds(ServerRequest req, ServerResponse res) {
        ThresholdBody body = JsonBodies.read(req, ThresholdBody.class);
        if (body.onTrackPercent() == null) {
            throw ApiException.badRequest("on_track_percent", "on_track_percent is required");
        }
        if (body.atRiskPercent() == null) {
            throw ApiException.badRequest("at_risk_percent", "at_risk_percent is required");
        }
        Caller caller = Callers.of(req);
        Thresholds saved = plans.saveThresholds(caller.tenantId(), caller.userId(),
                new Thresholds(body.onTrackPercent(), body.atRiskPercent()));
        JsonBodies.send(res, PlanJson.thresholds(saved, "TENANT"));
    }

    private void export(ServerRequest req, ServerResponse res) {
        YearMonth from = PlanInput.month("from", req.query().first("from").orElse(null));
        String toText = req.query().first("to").orElse(null);
        YearMonth to = toText == null || toText.isEmpty() ? from : PlanInput.month("to", toText);
        String csv = PlanCsv.export(plans.export(Callers.of(req).tenantId(), from, to));
        res.headers().contentType(CSV);
        res.headers().set(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"plans-" + from + (to.equals(from) ? "" : "-" + to) + ".csv\"");
        res.send(csv.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Imports a CSV of plans: all rows or none by default (422 problem+json listing every bad row and field);
     * {@code mode=partial} imports the valid rows and lists the bad ones in a 200.
     */
    private void importCsv(ServerRequest req, ServerResponse res) {
        req.headers().contentType().ifPresent(type -> {
            if (!type.mediaType().text().equals("text/csv")) {
                throw new ApiException(415, "Unsupported Media Type", "the request body must be text/csv, not "
                        + type.mediaType().text());
            }
        });
        String mode = req.query().first("mode").orElse("all");
        if (!mode.equals("all") && !mode.equals("partial")) {
            throw ApiException.badRequest("mode", "mode is all (the default: any bad row imports nothing) or partial");
        }
        Caller caller = Callers.of(req);
        try {
            ImportResult result = plans.importPlans(caller.tenantId(), caller.userId(), PlanCsv.parse(JsonBodies.body(req)),
                    mode.equals("partial"));
            JsonBodies.send(res, PlanJson.imported(result));
        } catch (ImportRejected e) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", e.title());
            problem.put("status", e.status());
            problem.put("detail", e.getMessage());
            problem.put("instance", req.path().absolute().path());
            problem.put("field", e.field());
            res.headers().first(HeaderNames.create("X-Request-Id")).ifPresent(id -> problem.put("request_id", id));
            problem.put("errors", PlanJson.errors(e.errors()));
            res.status(Status.create(e.status()));
            res.headers().contentType(PROBLEM_JSON);
            res.send(Json.bytes(problem));
        }
    }

    /** A decimal given as JSON text or number, as text for {@link PlanInput}; null when absent. */
    private static String decimalText(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber()) {
            if (!Double.isFinite(node.asDouble())) {
                // 1e999999999 is read as a double: Infinity, which is no decimal
                throw ApiException.badRequest(field, field + " is out of range");
            }
            // a JSON float is read as a double: its shortest text is the decimal the client wrote (up to 15 digits)
            return new BigDecimal(node.asText()).toPlainString();
        }
        throw ApiException.badRequest(field, field + " must be a decimal, as a number or text such as \"120000.00\"");
    }
}
