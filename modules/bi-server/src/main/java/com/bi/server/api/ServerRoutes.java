package com.bi.server.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.proto.tenant.v1.Tenant;
import com.bi.server.data.TenantClient;
import com.bi.server.domain.CachedAnswers;
import com.bi.server.domain.DashboardQuery;
import com.bi.server.domain.Dashboards;
import com.bi.server.domain.PeerUnavailableException;
import com.bi.server.domain.TemplateDashboards;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-server's API under {@value #PREFIX}: the composed daily dashboard, the template dashboards (bi-template's
 * templates, listed and rendered with the same filters) and who the caller is. Any tenant role reads them.
 */
public final class ServerRoutes {
    public static final String PREFIX = "/api/server/v1";
    static final Set<String> DASHBOARD_PARAMS = Set.of("range", "from", "to", "shops", "platform");
    static final io.helidon.http.HeaderName CACHE_HEADER = HeaderNames.create("X-Bi-Cache");

    private ServerRoutes() {
    }

    /**
     * @param zones the tenant's time zone ("today" of the range presets)
     */
    public static void register(HttpRouting.Builder routing, Dashboards dashboards, TemplateDashboards templates, TenantClient tenants,
                                Function<String, ZoneId> zones, java.time.Clock clock) {
        routing.get(PREFIX + "/dashboard", (req, res) -> {
            Caller caller = Callers.of(req);
            DashboardQuery query = query(req, LocalDate.now(clock.withZone(zones.apply(caller.tenantId()))));
            send(res, dashboards.answer(caller.tenantId(), query, "daily"));
        });
        routing.get(PREFIX + "/dashboards", (req, res) -> {
            Callers.of(req);
            req.query().names().stream().sorted().findFirst().ifPresent(name -> {
                throw ApiException.badRequest(name, "unknown parameter; this list takes none");
            });
            JsonBodies.send(res, Map.of("templates", available(templates::list)));
        });
        routing.get(PREFIX + "/dashboards/{templateId}", (req, res) -> {
            Caller caller = Callers.of(req);
            LocalDate today = LocalDate.now(clock.withZone(zones.apply(caller.tenantId())));
            DashboardQuery query = query(req, today);
            String id = req.path().pathParameters().get("templateId");
            send(res, available(() -> templates.render(caller.tenantId(), id, query, today)));
        });
        routing.get(PREFIX + "/me", (req, res) -> JsonBodies.send(res, me(Callers.of(req), tenants)));
    }

    private static void send(ServerResponse res, CachedAnswers.Answer answer) {
        res.header(CACHE_HEADER, answer.cached() ? "hit" : "miss");
        res.headers().contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON);
        res.status(Status.OK_200).send(answer.body());
    }

    /** A whole answer from one peer: that peer not answering is a 503 naming it (never a 500), to retry shortly. */
    private static <T> T available(Supplier<T> call) {
        try {
            return call.get();
        } catch (PeerUnavailableException e) {
            throw ApiException.unavailable(e.getMessage()).retryAfter(5);
        }
    }

    static DashboardQuery query(ServerRequest req, LocalDate today) {
        for (String name : req.query().names()) {
            if (!DASHBOARD_PARAMS.contains(name)) {
                throw ApiException.badRequest(name, "unknown parameter; known: " + DASHBOARD_PARAMS.stream().sorted().toList());
            }
            if (req.query().all(name).size() > 1) {
                throw ApiException.badRequest(name, "given more than once");
            }
        }
        return DashboardQuery.parse(param(req, "range"), param(req, "from"), param(req, "to"), param(req, "shops"),
                param(req, "platform"), today);
    }

    private static String param(ServerRequest req, String name) {
        return req.query().first(name).orElse(null);
    }

    /** The caller (from the token) and its tenant's name (from bi-tenant; {@code available: false} when it cannot answer). */
    static Map<String, Object> me(Caller caller, TenantClient tenants) {
        Map<String, Object> tenant = new LinkedHashMap<>();
        tenant.put("code", caller.tenantId());
        try {
            Tenant t = tenants.own();
            tenant.put("name", t.getName());
            tenant.put("plan", t.getPlan());
            tenant.put("time_zone", t.getTimeZone());
            tenant.put("available", true);
        } catch (PeerUnavailableException e) {
            tenant.put("available", false);
        }
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("tenant", tenant);
        me.put("user", caller.userId());
        me.put("roles", List.copyOf(new java.util.TreeSet<>(caller.roles())));
        return me;
    }
}
