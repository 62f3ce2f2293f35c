package com.bi.template.domain;

import java.time.ZoneId;

/** The time zone the tenant's days are counted in (the one bi-analysis uses), so presets mean the tenant's days. */
public interface TenantZones {
    ZoneId zone(RenderContext context);
}
