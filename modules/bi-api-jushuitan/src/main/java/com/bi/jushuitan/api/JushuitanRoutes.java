package com.bi.jushuitan.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bi.common.error.ApiException;
import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.bi.jushuitan.domain.Shop;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.SyncJob;
import com.bi.orders.OrderEvent;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-api-jushuitan's HTTP API under {@value #PREFIX}: shop credentials (secrets write-only), sync status and the
 * manual trigger; {@code POST /sync/all} (PLATFORM_ADMIN) is what bi-cron's sync-jushuitan job calls.
 */
public final class JushuitanRoutes implements HttpService {
    public static final String PREFIX = "/api/jushuitan/v1";
    private final ShopStore shops;
    private final SyncJob job;
    private final String defaultBaseUrl;
    private final Duration initialLookback;

    private JushuitanRoutes(ShopStore shops, SyncJob job, String defaultBaseUrl, Duration initialLookback) {
        this.shops = shops;
        this.job = job;
        this.defaultBaseUrl = defaultBaseUrl;
        this.initialLookback = initialLookback;
    }

    public static void register(HttpRouting.Builder routing, ShopStore shops, SyncJob job, String defaultBaseUrl,
                                Duration initialLookback) {
        routing.register(PREFIX, new JushuitanRoutes(shops, job, defaultBaseUrl, initialLookback));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/shops", Roles.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::create)
                .get("/shops", Roles.any(Roles.READ), this::list)
                .delete("/shops/{id}", Roles.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::delete)
                .post("/shops/{id}/sync", Roles.any(Roles.WRITE), this::syncOne)
                .post("/sync", Roles.any(Roles.WRITE), this::syncTenant)
                .post("/sync/all", Roles.any(Roles.PLATFORM_ADMIN), this::syncAll)
                .get("/sync/status", Roles.any(Roles.READ), this::list);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ShopStore.Draft d = Json.read(req, ShopStore.Draft.class);
        require(d.shopId(), "shop_id", 64);
        require(d.appKey(), "app_key", 128);
        require(d.appSecret(), "app_secret", 256);
        require(d.accessToken(), "access_token", 256);
        String platform = d.platform() == null ? "OTHER" : d.platform().toUpperCase(java.util.Locale.ROOT);
        if (!OrderEvent.PLATFORMS.contains(platform)) {
            throw ApiException.badRequest("platform", "platform must be one of " + OrderEvent.PLATFORMS);
        }
        String baseUrl = d.baseUrl() == null || d.baseUrl().isBlank() ? defaultBaseUrl : d.baseUrl();
        if (!baseUrl.matches("https?://[^\\s]+")) {
            throw ApiException.badRequest("base_url", "base_url must be an http(s) URL");
        }
        Instant checkpoint;
        try {
            checkpoint = d.startFrom() == null ? Instant.now().minus(initialLookback)
                    : LocalDate.parse(d.startFrom()).atStartOfDay(JushuitanOrders.BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("start_from", "start_from must be a date yyyy-MM-dd");
        }
        long id = shops.create(Caller.of(req).tenantId(), new ShopStore.Draft(d.shopId(), platform, d.appKey(), d.appSecret(),
                d.accessToken(), baseUrl, d.startFrom()), checkpoint);
        Json.created(res, PREFIX + "/shops/" + id, Map.of("id", id, "checkpoint", checkpoint.toString()));
    }

    private static void require(String value, String field, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw ApiException.badRequest(field, field + " is required (at most " + max + " characters)");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, Map.of("items", shops.list(Caller.of(req).tenantId())));
    }

    private long id(ServerRequest req) {
        try {
            return Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id", "id must be a positive integer");
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        if (!shops.delete(Caller.of(req).tenantId(), id(req))) {
            throw ApiException.notFound("shop credentials", id(req));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void syncOne(ServerRequest req, ServerResponse res) {
        Shop shop = shops.get(Caller.of(req).tenantId(), id(req)).orElseThrow(() -> ApiException.notFound("shop credentials", id(req)));
        Json.send(res, Map.of("results", List.of(job.run(shop))));
    }

    private void syncTenant(ServerRequest req, ServerResponse res) {
        Json.send(res, Map.of("results", run(shops.enabled(Caller.of(req).tenantId()))));
    }

    private void syncAll(ServerRequest req, ServerResponse res) {
        Json.send(res, Map.of("results", run(shops.allEnabled())));
    }

    private List<SyncJob.Result> run(List<Shop> list) {
        List<SyncJob.Result> results = new ArrayList<>();
        for (Shop shop : list) {
            results.add(job.run(shop));
        }
        return results;
    }
}
