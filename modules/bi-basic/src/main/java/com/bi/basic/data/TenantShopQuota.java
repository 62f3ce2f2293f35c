package com.bi.basic.data;

import java.util.OptionalInt;
import java.util.logging.Logger;

import com.bi.basic.domain.ShopQuota;
import com.bi.common.security.CallerToken;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;

/**
 * The shop quota from bi-tenant (through the kit's cached tenant directory, asked with the caller's token). When
 * bi-tenant cannot be asked the quota is not enforced for that request (logged): creating a shop must not depend on
 * bi-tenant being up, and the cache keeps the last answer for minutes anyway.
 */
public final class TenantShopQuota implements ShopQuota {
    private static final Logger LOG = Logger.getLogger(TenantShopQuota.class.getName());

    private final TenantDirectory tenants;

    public TenantShopQuota(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public OptionalInt maxShops(String tenantId) {
        String token = CallerToken.current();
        if (token == null) {
            return OptionalInt.empty();
        }
        try {
            return tenants.find(tenantId, token).map(TenantInfo::maxShops).filter(max -> max > 0)
                    .map(OptionalInt::of).orElse(OptionalInt.empty());
        } catch (TenantDirectory.Unavailable e) {
            LOG.warning("shop quota of " + tenantId + " not checked: " + e.getMessage());
            return OptionalInt.empty();
        }
    }
}
