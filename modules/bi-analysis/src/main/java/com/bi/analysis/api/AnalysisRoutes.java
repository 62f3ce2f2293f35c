package com.bi.analysis.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryResult;
import com.bi.common.error.ApiException;
import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
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
        rules.post("/query", Roles.any(Roles.READ), this::query)
                .get("/settings", Roles.any(Roles.READ), this::settings)
                .put("/settings", Roles.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::putSettings)
                .post("/rollups/rebuild", Roles.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::rebuild)
                .get("/orders/{source}/{id}", Roles.any(Roles.READ), this::order)
                .get("/rejects", Roles.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::rejects);
    }

    private void query(ServerRequest req, ServerResponse res) {
        MetricQuery query = MetricQuery.of(Json.read(req, MetricQuery.Input.class));
        Json.send(res, toJson(analysis.query(Caller.of(req), query)));
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
        Json.send(res, Map.of("time_zone", analysis.zones().zone(Caller.of(req).tenantId()).getId()));
    }

    private void putSettings(ServerRequest req, ServerResponse res) {
        ZoneBody body = Json.read(req, ZoneBody.class);
        String tenant = Caller.of(req).tenantId();
        boolean changed = analysis.setZone(tenant, TenantSettings.parseZone(body.timeZone()));
        Json.send(res, Map.of("time_zone", analysis.zones().zone(tenant).getId(), "rollups_rebuilt", changed));
    }

    private void rebuild(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        analysis.store().rebuild(Caller.of(req).tenantId());
        Json.send(res, Map.of("rebuilt", true, "millis", (System.nanoTime() - started) / 1_000_000));
    }

    private void order(ServerRequest req, ServerResponse res) {
        String source = req.path().pathParameters().get("source");
        String id = req.path().pathParameters().get("id");
        Json.send(res, analysis.store().order(Caller.of(req).tenantId(), source, id)
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
        Json.send(res, Map.of("items", analysis.store().rejects(Caller.of(req).tenantId(), limit)));
    }
}
