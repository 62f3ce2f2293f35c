package com.bi.cron.domain;

import java.util.List;

/** The active tenants (bi-tenant's ListTenants), every page. */
public interface TenantSource {
    List<String> activeTenants();
}
