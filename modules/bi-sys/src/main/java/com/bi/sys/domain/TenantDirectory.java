package com.bi.sys.domain;

import java.util.Optional;

import com.bi.common.error.ApiException;

/** What bi-sys needs to know about tenants (from bi-tenant): whether one exists, its status and its user quota. */
public interface TenantDirectory {
    record TenantInfo(String code, boolean suspended, int maxUsers) {
    }

    /** The tenant, empty when bi-tenant does not know it; throws {@link Unavailable} when it cannot be asked. */
    Optional<TenantInfo> find(String code);

    /** bi-tenant could not be asked and nothing recent enough is cached. */
    final class Unavailable extends ApiException {
        public Unavailable(String detail) {
            super(503, "Service Unavailable", detail);
        }
    }
}
