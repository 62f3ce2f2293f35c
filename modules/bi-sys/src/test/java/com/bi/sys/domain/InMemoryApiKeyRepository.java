package com.bi.sys.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** {@link ApiKeyRepository} in memory. */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {
    private final List<ApiKey> keys = new ArrayList<>();
    private final Clock clock;

    public InMemoryApiKeyRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized ApiKey insert(String tenantId, String name, String prefix, String keyHash, List<String> scopes, String createdBy,
                                      Instant expiresAt) {
        ApiKey key = new ApiKey(keys.size() + 1, tenantId, name, prefix, scopes, createdBy, expiresAt, null, null, clock.instant(), keyHash);
        keys.add(key);
        return key;
    }

    @Override
    public synchronized Optional<ApiKey> findByPrefix(String prefix) {
        return keys.stream().filter(k -> k.prefix().equals(prefix)).findFirst();
    }

    @Override
    public synchronized Page<ApiKey> list(String tenantId, PageRequest page) {
        List<ApiKey> all = keys.stream().filter(k -> k.tenantId().equals(tenantId)).toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.size()).toList(), page.page(), page.size(), all.size());
    }

    @Override
    public synchronized boolean revoke(String tenantId, long id) {
        return replace(tenantId, id, k -> new ApiKey(k.id(), k.tenantId(), k.name(), k.prefix(), k.scopes(), k.createdBy(),
                k.expiresAt(), k.lastUsedAt(), clock.instant(), k.createdAt(), k.keyHash()));
    }

    @Override
    public synchronized void touch(long id) {
        keys.stream().filter(k -> k.id() == id).findFirst().ifPresent(k -> replace(k.tenantId(), id, x -> new ApiKey(x.id(),
                x.tenantId(), x.name(), x.prefix(), x.scopes(), x.createdBy(), x.expiresAt(), clock.instant(), x.revokedAt(),
                x.createdAt(), x.keyHash())));
    }

    private boolean replace(String tenantId, long id, java.util.function.UnaryOperator<ApiKey> change) {
        for (int i = 0; i < keys.size(); i++) {
            ApiKey k = keys.get(i);
            if (k.id() == id && k.tenantId().equals(tenantId) && k.revokedAt() == null) {
                keys.set(i, change.apply(k));
                return true;
            }
        }
        return false;
    }
}
