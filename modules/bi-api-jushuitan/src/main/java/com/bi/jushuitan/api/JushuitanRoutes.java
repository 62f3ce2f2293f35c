package com.bi.jushuitan.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.bi.common.error.ApiException;
import com.bi.common.json.Json;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.jushuitan.domain.JobStore;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.bi.jushuitan.domain.ShopStatus;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.SyncJobs;
import com.bi.orders.OrderEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-api-jushuitan's HTTP API under {@value #PREFIX}: shop credentials (secrets write-only), sync status, and the
 * sync triggers — each answers 202 with a queued job to poll; workers run the jobs. {@code POST /sync/all}
 * (PLATFORM_ADMIN) is what bi-cron's sync-jushuitan job calls: it enqueues one job per tenant.
 */
public final class JushuitanRoutes implements HttpService {
    public static final String PREFIX = "/api/jushuitan/v1";
    private final ShopStore shops;
    private final SyncJobs jobs;
    private final Function<String, URI> baseUrlCheck;
    private final String defaultBaseUrl;
    private final Duration initialLookback;

    private JushuitanRoutes(ShopStore shops, SyncJobs jobs, Function<String, URI> baseUrlCheck, String defaultBaseUrl,
                            Duration initialLookback) {
        this.shops = shops;
        this.jobs = jobs;
        this.baseUrlCheck = baseUrlCheck;
        this.defaultBaseUrl = defaultBaseUrl;
        this.initialLookback = initialLookback;
    }

    /**
     * {@code baseUrlCheck} normalizes an allowed base URL and throws IllegalArgumentException (a message for the
     * tenant) for any other — the SSRF guard.
     */
    public static void register(HttpRouting.Builder routing, ShopStore shops, SyncJobs jobs, Function<String, URI> baseUrlCheck,
                                String defaultBaseUrl, Duration initialLookback) {
        routing.register(PREFIX, new JushuitanRoutes(shops, jobs, baseUrlCheck, defaultBaseUrl, initialLookback));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/shops", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::create)
                .get("/shops", RoleGuard.any(Roles.READ), this::list)
                .delete("/shops/{id}", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::delete)
                .put("/shops/{id}/credentials", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::replaceSecrets)
                .post("/shops/{id}/sync", RoleGuard.any(Roles.WRITE), this::syncOne)
                .post("/sync", RoleGuard.any(Roles.WRITE), this::syncTenant)
                .post("/sync/all", RoleGuard.any(Roles.PLATFORM_ADMIN), this::syncAll)
                .get("/sync/status", RoleGuard.any(Roles.READ), this::list)
                .get("/jobs", RoleGuard.any(Roles.READ), this::recentJobs)
                .get("/jobs/{id}", RoleGuard.any(Roles.READ), this::job);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ShopStore.Draft d = JsonBodies.read(req, ShopStore.Draft.class);
        require(d.shopId(), "shop_id", 18);
        if (!d.shopId().matches("\\d{1,18}")) {
            throw ApiException.badRequest("shop_id", "shop_id is Jushuitan's numeric shop id");
        }
        require(d.appKey(), "app_key", 128);
        require(d.appSecret(), "app_secret", 256);
        require(d.accessToken(), "access_token", 256);
        String platform = d.platform() == null ? "OTHER" : d.platform().toUpperCase(Locale.ROOT);
        if (!OrderEvent.PLATFORMS.contains(platform)) {
            throw ApiException.badRequest("platform", "platform must be one of " + OrderEvent.PLATFORMS);
        }
        String baseUrl;
        try {
            baseUrl = baseUrlCheck.apply(d.baseUrl() == null || d.baseUrl().isBlank() ? defaultBaseUrl : d.baseUrl()).toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("base_url", e.getMessage());
        }
        Instant checkpoint;
        try {
            if (d.startFrom() == null) {
                checkpoint = Instant.now().minus(initialLookback);
            } else {
                LocalDate from = LocalDate.parse(d.startFrom());
                LocalDate today = LocalDate.now(JushuitanOrders.BEIJING);
                if (from.isAfter(today) || from.isBefore(today.minusYears(3))) {
                    throw ApiException.badRequest("start_from", "start_from must be within the last 3 years and not in the future");
                }
                checkpoint = from.atStartOfDay(JushuitanOrders.BEIJING).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("start_from", "start_from must be a date yyyy-MM-dd");
        }
        long id = shops.create(Callers.of(req).tenantId(), new ShopStore.Draft(d.shopId(), platform, d.appKey(), d.appSecret(),
                d.accessToken(), baseUrl, d.startFrom()), checkpoint);
        JsonBodies.created(res, PREFIX + "/shops/" + id, Map.of("id", id, "checkpoint", checkpoint.toString()));
    }

    private void replaceSecrets(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        ShopStore.Secrets s = JsonBodies.read(req, ShopStore.Secrets.class);
        if (s.appKey() != null) {
            require(s.appKey(), "app_key", 128);
        }
        require(s.appSecret(), "app_secret", 256);
        require(s.accessToken(), "access_token", 256);
        if (!shops.replaceSecrets(Callers.of(req).tenantId(), id, s)) {
            throw ApiException.notFound("shop credentials", id);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void require(String value, String field, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw ApiException.badRequest(field, field + " is required (at most " + max + " characters)");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Map.of("items", shops.list(Callers.of(req).tenantId()).stream()
                .map(shop -> ShopResponse.of(shop, action(shop))).toList()));
    }

    /** What the tenant should do about a shop's state, if anything. */
    private static String action(ShopStatus shop) {
        if ("CREDENTIALS_UNREADABLE".equals(shop.status())) {
            return "enter the credentials again (PUT " + PREFIX + "/shops/" + shop.id() + "/credentials) "
                    + "or ask the operator to restore the previous BI_CRYPTO_KEY as BI_CRYPTO_KEY_PREVIOUS";
        }
        if (shop.quarantined() > 0) {
            return shop.quarantined() + " order(s) failed validation and are re-fetched by id on every sync until they validate";
        }
        return null;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        if (!shops.delete(Callers.of(req).tenantId(), id)) {
            throw ApiException.notFound("shop credentials", id);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void syncOne(ServerRequest req, ServerResponse res) {
        String tenant = Callers.of(req).tenantId();
        long id = RequestParams.id(req, "id");
        // existence only (secrets are not opened here): a shop of another tenant answers 404 like a missing one
        if (!shops.exists(tenant, id)) {
            throw ApiException.notFound("shop credentials", id);
        }
        accepted(res, jobs.trigger(tenant, id, Callers.of(req).userId()));
    }

    private void syncTenant(ServerRequest req, ServerResponse res) {
        accepted(res, jobs.trigger(Callers.of(req).tenantId(), null, Callers.of(req).userId()));
    }

    private void syncAll(ServerRequest req, ServerResponse res) {
        List<JobStore.Job> queued = jobs.triggerAll(Callers.of(req).userId());
        JsonBodies.send(res, Status.ACCEPTED_202, Map.of("enqueued", queued.size(),
                "jobs", queued.stream().map(j -> Map.of("id", j.id(), "tenant_id", j.tenantId())).toList()));
    }

    private static void accepted(ServerResponse res, JobStore.Job job) {
        res.header(HeaderNames.LOCATION, PREFIX + "/jobs/" + job.id());
        JsonBodies.send(res, Status.ACCEPTED_202, view(job));
    }

    private void job(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        JsonBodies.send(res, view(jobs.get(Callers.of(req).tenantId(), id).orElseThrow(() -> ApiException.notFound("sync job", id))));
    }

    private void recentJobs(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Map.of("items", jobs.recent(Callers.of(req).tenantId()).stream().map(JushuitanRoutes::view).toList()));
    }

    private static Map<String, Object> view(JobStore.Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("status", job.status());
        m.put("scope", job.credentialId() == null ? "tenant" : "shop");
        m.put("credential_id", job.credentialId());
        m.put("requested_by", job.requestedBy());
        m.put("created_at", job.createdAt());
        m.put("started_at", job.startedAt());
        m.put("finished_at", job.finishedAt());
        m.put("attempts", job.attempts());
        JsonNode results;
        try {
            results = job.result() == null ? null : Json.MAPPER.readTree(job.result());
        } catch (java.io.IOException e) {
            results = null;
        }
        m.put("results", results);
        return m;
    }
}
