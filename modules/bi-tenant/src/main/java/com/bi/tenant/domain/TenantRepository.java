package com.bi.tenant.domain;

import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** Tenants in storage. Not tenant-scoped: only platform operators (and the status check) reach it. */
public interface TenantRepository {
    Tenant insert(TenantDraft draft);

    /** Inserts the tenant unless one with its code exists; true when inserted. */
    boolean insertIfMissing(TenantDraft draft);

    Optional<Tenant> find(String code);

    Optional<Tenant> update(String code, long expectedVersion, TenantDraft draft);

    Optional<Tenant> setStatus(String code, TenantStatus status, String reason);

    Page<Tenant> list(TenantStatus status, PageRequest page);
}
