package com.bi.jushuitan.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ShopStore} in memory with the JDBC one's fencing: one sync lease per shop, and advance/finish write only
 * while the caller holds it. Credentials are kept as given ({@code readable} says whether they "open").
 */
public final class InMemoryShopStore implements ShopStore {
    /** A shop's stored credentials and sync state. */
    public static final class State {
        Shop shop;
        String status = "IDLE";
        String lastError;
        String leaseOwner;
        Instant leaseUntil = Instant.EPOCH;
        long ordersTotal;
        final List<Reject> rejects = new ArrayList<>();
        final Map<String, String> quarantine = new LinkedHashMap<>();

        public Shop shop() {
            return shop;
        }

        public String status() {
            return status;
        }

        public String lastError() {
            return lastError;
        }

        public long ordersTotal() {
            return ordersTotal;
        }
    }

    private final Map<Long, State> shops = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryShopStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized long create(String tenant, Draft d, Instant checkpoint) {
        long id = shops.size() + 1;
        State state = new State();
        state.shop = new Shop(id, tenant, d.shopId(), d.platform(), d.appKey(), d.appSecret(), d.accessToken(), d.baseUrl(), true,
                checkpoint, null, null, true);
        shops.put(id, state);
        return id;
    }

    /** Makes the stored credentials of {@code id} unopenable (as after a key rotation without the previous key). */
    public synchronized void unreadable(long id) {
        Shop s = shops.get(id).shop;
        shops.get(id).shop = new Shop(s.id(), s.tenantId(), s.shopId(), s.platform(), s.appKey(), null, null, s.baseUrl(), s.enabled(),
                s.checkpoint(), s.tsCursor(), s.maxTsSeen(), false);
    }

    public synchronized State state(long id) {
        return shops.get(id);
    }

    @Override
    public synchronized boolean replaceSecrets(String tenant, long id, Secrets secrets) {
        return find(tenant, id).map(state -> {
            Shop s = state.shop;
            state.shop = new Shop(s.id(), s.tenantId(), s.shopId(), s.platform(), secrets.appKey() == null ? s.appKey() : secrets.appKey(),
                    secrets.appSecret(), secrets.accessToken(), s.baseUrl(), s.enabled(), s.checkpoint(), s.tsCursor(), s.maxTsSeen(), true);
            return true;
        }).orElse(false);
    }

    @Override
    public synchronized List<ShopStatus> list(String tenant) {
        return shops.values().stream().filter(s -> s.shop.tenantId().equals(tenant)).map(s -> new ShopStatus(s.shop.id(),
                s.shop.shopId(), s.shop.platform(), s.shop.appKey(), s.shop.baseUrl(), s.shop.enabled(), s.shop.checkpoint(), s.status,
                null, null, s.lastError, s.ordersTotal, s.rejects.size(), s.shop.tsCursor(), s.quarantine.size())).toList();
    }

    @Override
    public synchronized boolean delete(String tenant, long id) {
        return find(tenant, id).map(s -> shops.remove(id) != null).orElse(false);
    }

    @Override
    public synchronized boolean exists(String tenant, long id) {
        return find(tenant, id).isPresent();
    }

    @Override
    public synchronized Optional<Shop> get(String tenant, long id) {
        return find(tenant, id).map(s -> s.shop);
    }

    private Optional<State> find(String tenant, long id) {
        return Optional.ofNullable(shops.get(id)).filter(s -> s.shop.tenantId().equals(tenant));
    }

    @Override
    public synchronized List<Shop> enabled(String tenant) {
        return shops.values().stream().map(s -> s.shop).filter(s -> s.tenantId().equals(tenant) && s.enabled()).toList();
    }

    @Override
    public synchronized List<String> tenantsWithEnabledShops() {
        return shops.values().stream().map(s -> s.shop).filter(Shop::enabled).map(Shop::tenantId).distinct().sorted().toList();
    }

    @Override
    public synchronized boolean lease(long id, String owner, Duration lease) {
        State s = shops.get(id);
        if (s == null || s.leaseOwner != null && !s.leaseOwner.equals(owner) && s.leaseUntil.isAfter(clock.instant())) {
            return false;
        }
        s.leaseOwner = owner;
        s.leaseUntil = clock.instant().plus(lease);
        s.status = "RUNNING";
        return true;
    }

    @Override
    public synchronized boolean renew(long id, String owner, Duration lease) {
        State s = shops.get(id);
        if (s == null || !owner.equals(s.leaseOwner)) {
            return false;
        }
        s.leaseUntil = clock.instant().plus(lease);
        return true;
    }

    @Override
    public synchronized boolean advance(long id, String owner, String tenant, Advance a) {
        State s = shops.get(id);
        if (s == null || !owner.equals(s.leaseOwner) || !s.shop.tenantId().equals(tenant)) {
            return false;
        }
        Shop p = s.shop;
        s.shop = new Shop(p.id(), p.tenantId(), p.shopId(), p.platform(), p.appKey(), p.appSecret(), p.accessToken(), p.baseUrl(),
                p.enabled(), a.checkpoint(), a.tsCursor(), a.maxTsSeen(), p.readable());
        s.ordersTotal += a.delivered();
        s.rejects.addAll(a.rejects());
        a.quarantine().forEach(s.quarantine::putIfAbsent);
        return true;
    }

    @Override
    public synchronized void finish(long id, String owner, String status, String error) {
        State s = shops.get(id);
        if (s != null && owner.equals(s.leaseOwner)) {
            s.status = status;
            s.lastError = error;
            s.leaseOwner = null;
        }
    }

    @Override
    public synchronized List<String> quarantined(long id, int limit) {
        return shops.get(id).quarantine.keySet().stream().limit(limit).toList();
    }

    @Override
    public synchronized void resolveQuarantine(long id, List<String> released, Map<String, String> stillInvalid, int delivered,
                                               List<Reject> rejects) {
        State s = shops.get(id);
        released.forEach(s.quarantine::remove);
        s.ordersTotal += delivered;
        s.rejects.addAll(rejects);
    }

    @Override
    public synchronized long quarantinedTotal() {
        return shops.values().stream().mapToLong(s -> s.quarantine.size()).sum();
    }

    @Override
    public synchronized CredentialScan scanCredentials() {
        return new CredentialScan((int) shops.values().stream().filter(s -> !s.shop.readable()).count(), 0);
    }
}
