package com.bi.tenant.domain;

import java.time.DateTimeException;
import java.time.ZoneId;

import com.bi.common.error.ApiException;

/**
 * A tenant as a platform operator sends it. {@code code} is fixed at creation (it is the tenant id of tokens and
 * rows); quotas default to the plan's; the time zone defaults to Asia/Shanghai.
 */
public record TenantDraft(String code, String name, Plan plan, Integer maxShops, Integer maxUsers,
                          Integer apiRatePerMinute, String timeZone) {
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    private static final int MAX_QUOTA = 1_000_000;

    public TenantDraft {
        if (code == null || !code.matches("[a-z][a-z0-9-]{1,39}")) {
            throw ApiException.badRequest("code", "code is required: 2 to 40 lower-case letters, digits or '-', starting with a letter");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("name", "name is required (1 to 200 characters)");
        }
        name = name.trim();
        plan = plan == null ? Plan.STANDARD : plan;
        maxShops = quota("max_shops", maxShops, plan.shops());
        maxUsers = quota("max_users", maxUsers, plan.users());
        apiRatePerMinute = quota("api_rate_per_minute", apiRatePerMinute, plan.apiRatePerMinute());
        if (timeZone == null || timeZone.isBlank()) {
            timeZone = DEFAULT_TIME_ZONE;
        } else {
            try {
                timeZone = ZoneId.of(timeZone.trim()).getId();
            } catch (DateTimeException e) {
                throw ApiException.badRequest("time_zone", "time_zone must be an IANA time zone such as Asia/Shanghai; got '" + timeZone + "'");
            }
        }
    }

    private static int quota(String field, Integer value, int planDefault) {
        if (value == null) {
            return planDefault;
        }
        if (value < 0 || value > MAX_QUOTA) {
            throw ApiException.badRequest(field, field + " must be between 0 and " + MAX_QUOTA + "; got " + value);
        }
        return value;
    }

    public Tenant.Quotas quotas() {
        return new Tenant.Quotas(maxShops, maxUsers, apiRatePerMinute);
    }
}
