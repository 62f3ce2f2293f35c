package com.bi.server;

import java.time.ZoneId;
import java.util.List;

import com.bi.common.cache.OrderDayVersions;
import com.bi.common.json.Json;
import com.bi.common.security.CallerToken;
import com.bi.common.server.Catalog;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.server.api.ConsoleRoutes;
import com.bi.server.api.ServerRoutes;
import com.bi.server.data.AnalysisClient;
import com.bi.server.data.CountingAnswerCache;
import com.bi.server.data.LocalAnswerCache;
import com.bi.server.data.PlanClient;
import com.bi.server.data.RedisAnswerCache;
import com.bi.server.data.TemplateClient;
import com.bi.server.data.TenantClient;
import com.bi.server.domain.AnswerCache;
import com.bi.server.domain.CachedAnswers;
import com.bi.server.domain.Dashboards;
import com.bi.server.domain.DayVersions;
import com.bi.server.domain.TemplateDashboards;

/**
 * bi-server, declared: the console's API — dashboard answers composed from bi-analysis (and the plan and template
 * services) over gRPC, cached per tenant and query — and the web console itself at {@code /}.
 */
public final class ServerService extends DeclaredService {
    public static final String NAME = ServerOptions.CATALOG.service();
    /** {@code /api/server/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();
    /** The zone of "today" when bi-tenant cannot say (bi-tenant's own default). */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public ServerService() {
        super(ServerOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        ServerOptions options = ServerOptions.from(platform.settings());
        AnalysisClient analysis = new AnalysisClient(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"));
        TenantClient tenants = new TenantClient(platform.peers().channel(Catalog.BI_TENANT, "bi.tenant.v1.TenantService"));
        // read raw: the URL may carry a password, and OrderDayVersions names the key, never the value, when it is malformed
        String redisUrl = platform.settings().optionalString(ServerOptions.CACHE_REDIS_URL.key()).orElse(null);
        OrderDayVersions redis = redisUrl == null ? null
                : OrderDayVersions.connect(redisUrl, options.redisTimeout(), ServerOptions.CACHE_REDIS_URL.key());
        AnswerCache store = redis == null
                ? new LocalAnswerCache(options.cacheSize(), options.cacheTtl(), platform.clock())
                : new RedisAnswerCache(redis.pool(), options.cacheTtl());
        CountingAnswerCache cache = new CountingAnswerCache(store, redis == null ? "local" : "redis", platform.metrics());
        DayVersions versions = redis == null ? DayVersions.NONE : redis::stamp;
        PlanClient plans = new PlanClient(platform.peers().channel(Catalog.BI_PLAN_TAOXI, "bi.plan.v1.PlanService"));
        // the daily dashboard and the template dashboards share one cache and its invalidation by day versions
        CachedAnswers answers = new CachedAnswers(cache, versions);
        Dashboards dashboards = new Dashboards(analysis, List.of(plans), answers, Json::bytes);
        TemplateClient templates = new TemplateClient(platform.peers().channel(Catalog.BI_TEMPLATE, "bi.template.v1.TemplateService"),
                options.templateRenderTimeout());
        TemplateDashboards templateDashboards = new TemplateDashboards(templates, answers, Json::bytes);
        Wiring.Builder wiring = Wiring.builder(dashboards)
                // the console's page and files hold no data (the edge checks tokens on /api/ only; named for the contract)
                .publicPaths("/", "/console/{file}")
                .http(routing -> {
                    ConsoleRoutes.register(routing);
                    ServerRoutes.register(routing, dashboards, templateDashboards, tenants, tenant -> zone(platform, tenant), platform.clock());
                });
        if (redis != null) {
            wiring.closeOnStop(redis);
        }
        return wiring.build();
    }

    /** The tenant's zone from the kit's tenant directory (cached), or the default while bi-tenant cannot say. */
    private static ZoneId zone(Platform platform, String tenant) {
        try {
            return platform.tenants().find(tenant, CallerToken.current())
                    .map(info -> info.timeZone() == null || info.timeZone().isBlank() ? DEFAULT_ZONE : ZoneId.of(info.timeZone()))
                    .orElse(DEFAULT_ZONE);
        } catch (RuntimeException e) {
            return DEFAULT_ZONE;
        }
    }
}
