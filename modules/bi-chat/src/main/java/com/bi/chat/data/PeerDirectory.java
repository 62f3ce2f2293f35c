package com.bi.chat.data;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.chat.domain.Directory;
import com.bi.chat.domain.NameMatcher.Candidate;
import com.bi.chat.domain.Names;
import com.bi.proto.analysis.v1.OrderBy;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.proto.basic.v1.BasicServiceGrpc;
import com.bi.proto.basic.v1.ListShopsRequest;
import com.bi.proto.basic.v1.ListShopsResponse;
import com.bi.proto.basic.v1.Shop;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;

/**
 * The caller's tenant's names, asked with the caller's token so a peer only ever answers with that tenant's rows:
 * shops from bi-basic's {@code ListShops} (name → the shop's id at the source, which bi-analysis filters on), SKU
 * codes that sold in the last year from bi-analysis (which also says the tenant's time zone). Kept per tenant for
 * {@code ttl}: a renamed shop is matched by its new name within that time.
 */
public final class PeerDirectory implements Directory {
    static final int MAX_SHOPS = 1000;
    static final int MAX_SKUS = 2000;
    private final Channel basic;
    private final GrpcMetricEngine analysis;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Names names, Instant until) {
    }

    public PeerDirectory(Channel basic, GrpcMetricEngine analysis, Clock clock, Duration ttl) {
        this.basic = basic;
        this.analysis = analysis;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Names names(String tenantId) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenantId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.names();
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        QueryResponse skus = analysis.call(QueryRequest.newBuilder().addMetrics("units").addDimensions("sku")
                .setFrom(LocalDate.now(clock).minusDays(365).toString()).setTo(LocalDate.now(clock).plusDays(1).toString())
                .addOrderBy(OrderBy.newBuilder().setField("units").setDirection("desc")).setLimit(MAX_SKUS).build());
        List<Candidate> skuCodes = skus.getRowsList().stream()
                .map(r -> r.getDimensionsOrDefault("sku", "")).filter(code -> !code.isBlank())
                .map(code -> new Candidate(code, "")).toList();
        Optional<ZoneId> zone = Optional.empty();
        try {
            zone = skus.getTimeZone().isBlank() ? Optional.empty() : Optional.of(ZoneId.of(skus.getTimeZone()));
        } catch (java.time.DateTimeException ignored) {
            // an unknown zone id: the configured default applies
        }
        Names names = new Names(shops(), skuCodes, zone);
        cache.put(tenantId, new Cached(names, now.plus(ttl)));
        return names;
    }

    private List<Candidate> shops() {
        List<Candidate> shops = new ArrayList<>();
        try {
            for (int page = 1; shops.size() < MAX_SHOPS; page++) {
                ListShopsResponse response = BasicServiceGrpc.newBlockingStub(basic).listShops(ListShopsRequest.newBuilder().setPage(page).setSize(200).build());
                for (Shop shop : response.getShopsList()) {
                    if (!shop.getExternalId().isBlank() && !shop.getName().isBlank()) {
                        shops.add(new Candidate(shop.getExternalId(), shop.getName()));
                    }
                }
                if (response.getShopsCount() < 200 || (long) page * 200 >= response.getTotal()) {
                    return shops;
                }
            }
            return shops;
        } catch (StatusRuntimeException e) {
            throw GrpcMetricEngine.failure("bi-basic", e);
        }
    }
}
