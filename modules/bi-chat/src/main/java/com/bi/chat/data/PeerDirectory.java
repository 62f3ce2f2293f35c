package com.bi.chat.data;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import com.bi.proto.basic.v1.ListProductsRequest;
import com.bi.proto.basic.v1.ListProductsResponse;
import com.bi.proto.basic.v1.ListShopsRequest;
import com.bi.proto.basic.v1.ListShopsResponse;
import com.bi.proto.basic.v1.Product;
import com.bi.proto.basic.v1.Shop;
import com.bi.proto.basic.v1.Sku;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;

/**
 * The caller's tenant's names, asked with the caller's token so a peer only ever answers with that tenant's rows:
 * shops from bi-basic's {@code ListShops} (name → the shop's id at the source, which bi-analysis filters on); SKUs
 * from bi-basic's {@code ListProducts} (code → name) and the SKU codes that sold in the last year from bi-analysis
 * (which also says the tenant's time zone), best sellers first, so a SKU is found by its name or by its code even
 * when master data does not list it. Kept per tenant for {@code ttl}: a renamed shop or SKU is matched by its new
 * name within that time.
 */
public final class PeerDirectory implements Directory {
    static final int MAX_SHOPS = 1000;
    static final int MAX_SKUS = 2000;
    private static final int PAGE = 200;
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
        Map<String, String> skuNames = skuNames();
        Map<String, Candidate> ranked = new LinkedHashMap<>();
        skus.getRowsList().stream().map(r -> r.getDimensionsOrDefault("sku", "")).filter(code -> !code.isBlank())
                .forEach(code -> ranked.put(code, new Candidate(code, skuNames.getOrDefault(code, ""))));
        skuNames.forEach((code, name) -> {
            if (ranked.size() < MAX_SKUS) {
                ranked.putIfAbsent(code, new Candidate(code, name));
            }
        });
        Optional<ZoneId> zone = Optional.empty();
        try {
            zone = skus.getTimeZone().isBlank() ? Optional.empty() : Optional.of(ZoneId.of(skus.getTimeZone()));
        } catch (java.time.DateTimeException ignored) {
            // an unknown zone id: the configured default applies
        }
        Names names = new Names(shops(), List.copyOf(ranked.values()), zone);
        cache.put(tenantId, new Cached(names, now.plus(ttl)));
        return names;
    }

    private List<Candidate> shops() {
        List<Candidate> shops = new ArrayList<>();
        try {
            for (int page = 1; shops.size() < MAX_SHOPS; page++) {
                ListShopsResponse response = BasicServiceGrpc.newBlockingStub(basic)
                        .listShops(ListShopsRequest.newBuilder().setPage(page).setSize(PAGE).build());
                for (Shop shop : response.getShopsList()) {
                    if (!shop.getExternalId().isBlank() && !shop.getName().isBlank()) {
                        shops.add(new Candidate(shop.getExternalId(), shop.getName()));
                    }
                }
                if (response.getShopsCount() < PAGE || (long) page * PAGE >= response.getTotal()) {
                    return shops;
                }
            }
            return shops;
        } catch (StatusRuntimeException e) {
            throw GrpcMetricEngine.failure("bi-basic", e);
        }
    }

    /** SKU code → name from the tenant's products in bi-basic, at most {@value #MAX_SKUS} SKUs. */
    private Map<String, String> skuNames() {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (int page = 1; names.size() < MAX_SKUS; page++) {
                ListProductsResponse response = BasicServiceGrpc.newBlockingStub(basic)
                        .listProducts(ListProductsRequest.newBuilder().setPage(page).setSize(PAGE).build());
                for (Product product : response.getProductsList()) {
                    for (Sku sku : product.getSkusList()) {
                        if (!sku.getCode().isBlank() && !sku.getName().isBlank() && names.size() < MAX_SKUS) {
                            names.putIfAbsent(sku.getCode(), sku.getName());
                        }
                    }
                }
                if (response.getProductsCount() < PAGE || (long) page * PAGE >= response.getTotal()) {
                    break;
                }
            }
            return names;
        } catch (StatusRuntimeException e) {
            throw GrpcMetricEngine.failure("bi-basic", e);
        }
    }
}
