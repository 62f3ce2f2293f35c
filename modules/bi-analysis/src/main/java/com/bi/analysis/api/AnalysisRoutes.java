package com.bi.analysis.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryResult;
import com.bi.analysis.domain.RollupJobs;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** bi-analysis's HTTP API under {@value #PREFIX}: metric queries, the tenant's time zone, rollup rebuilds, facts. */
public final class AnalysisRoutes implements HttpService {
    public static final String PREFIX = "/api/analysis/v1";
    private final Analysis analysis;

    private AnalysisRoutes(Analysis analysis) {
        this.analysis = analysis;
    }

    public static void register(HttpRouting.Builder routing, Analysis analysis) {
        routing.register(PREFIX, new AnalysisRoutes(analysis));
    }

    public record ZoneBody(String timeZone) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/query", RoleGuard.any(Roles.READ), this::query)
                .get("/settings", RoleGuard.any(Roles.READ), this::settings)
                .put("/settings", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::putSettings)
                .post("/rollups/rebuild", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::rebuild)
                .get("/rollups/jobs/{id}", RoleGuard.any(Roles.READ), this::job)
                .get("/orders/{source}/{id}", RoleGuard.any(Roles.READ), this::order)
                .get("/rejects", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::rejects);
    }

    private void query(ServerRequest req, ServerResponse res) {
        MetricQuery query = MetricQuery.of(JsonBodies.read(req, MetricQuery.Input.class));
        JsonBodies.send(res, toJson(analysis.query(Callers.of(req), query)));
    }

    static Map<String, Object> toJson(QueryResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rows", result.rows().stream().map(row -> {
            Map<String, Object> out = new LinkedHashMap<>(row.dimensions());
            out.putAll(row.metrics());
            if (row.compare() != null) {
                out.put("compare", row.compare());
                out.put("change", row.change());
            }
            return out;
        }).toList());
        body.put("totals", result.totals());
        if (result.compareFrom() != null) {
            body.put("compare_totals", result.compareTotals());
            body.put("compare_from", result.compareFrom());
            body.put("compare_to", result.compareTo());
        }
        body.put("from", result.from());
        body.put("to", result.to());
        body.put("time_zone", result.timeZone());
        body.put("source", result.source());
        return body;
    }

    private void settings(ServerRequest req, ServerResponse res) {
        String tenant = Callers.of(req).tenantId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time_zone", analysis.zones().zone(tenant).getId());
        analysis.jobs().latest(tenant).ifPresent(job -> body.put("rollup_job", job(job)));
        JsonBodies.send(res, body);
    }

    /** 202 + the queued rebuild when the zone changed (poll {@code Location}); 200 when it was already the zone. */
    private void putSettings(ServerRequest req, ServerResponse res) {
        ZoneBody body = JsonBodies.read(req, ZoneBody.class);
        String tenant = Callers.of(req).tenantId();
        RollupJobs.ZoneChange change = analysis.setZone(tenant, TenantSettings.parseZone(body.timeZone()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time_zone", change.zone().getId());
        out.put("changed", change.changed());
        if (change.rebuild().isPresent()) {
            RollupJobs.Job job = change.rebuild().get();
            out.put("rollup_job", job(job));
            res.headers().location(java.net.URI.create(PREFIX + "/rollups/jobs/" + job.id()));
            JsonBodies.send(res, Status.ACCEPTED_202, out);
        } else {
            JsonBodies.send(res, out);
        }
    }

    /** 202 + the queued job (a request while one waits joins it); the rebuild runs in the background. */
    private void rebuild(ServerRequest req, ServerResponse res) {
        RollupJobs.Job job = analysis.rebuild(Callers.of(req).tenantId(), "manual");
        res.headers().location(java.net.URI.create(PREFIX + "/rollups/jobs/" + job.id()));
        JsonBodies.send(res, Status.ACCEPTED_202, job(job));
    }

    private void job(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        JsonBodies.send(res, job(analysis.jobs().job(Callers.of(req).tenantId(), id)
                .orElseThrow(() -> ApiException.notFound("rollup job", id))));
    }

    static Map<String, Object> job(RollupJobs.Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("status", job.status().name());
        m.put("reason", job.reason());
        m.put("attempts", job.attempts());
        m.put("last_error", job.lastError());
        m.put("zone", job.zone());
        m.put("requested_at", text(job.requestedAt()));
        m.put("started_at", text(job.startedAt()));
        m.put("finished_at", text(job.finishedAt()));
        return m;
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void order(ServerRequest req, ServerResponse res) {
        String source = req.path().pathParameters().get("source");
        String id = req.path().pathParameters().get("id");
        JsonBodies.send(res, analysis.store().order(Callers.of(req).tenantId(), source, id).map(OrderResponse::of)
                .orElseThrow(() -> ApiException.notFound("order", source + "/" + id)));
    }

    private void rejects(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit", "limit must be an integer");
            }
        }).orElse(100);
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit must be between 1 and 1000");
        }
        JsonBodies.send(res, Map.of("items", analysis.store().rejects(Callers.of(req).tenantId(), limit).stream()
                .map(OrderResponse.Reject::of).toList()));
    }
}
