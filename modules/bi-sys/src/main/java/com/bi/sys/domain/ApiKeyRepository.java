package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** API keys in storage. */
public interface ApiKeyRepository {
    ApiKey insert(String tenantId, String name, String prefix, String keyHash, List<String> scopes, String createdBy,
                  Instant expiresAt);

    Optional<ApiKey> findByPrefix(String prefix);

    Page<ApiKey> list(String tenantId, PageRequest page);

    boolean revoke(String tenantId, long id);

    void touch(long id);
}
