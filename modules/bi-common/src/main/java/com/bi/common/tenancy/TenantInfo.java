package com.bi.common.tenancy;

/** What services need to know about a tenant, from bi-tenant's {@code GetTenant}. */
public record TenantInfo(String code, boolean suspended, int maxShops, int maxUsers, int apiRatePerMinute,
                         String timeZone) {
}
