package com.bi.tenant.domain;

import java.time.DateTimeException;
import java.time.ZoneId;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;
import com.bi.common.tenancy.TenantCodes;

/**
 * A tenant as a platform operator sends it. {@code code} is fixed at creation (it is the tenant id of tokens and
 * rows); quotas default to the plan's; the time zone defaults to Asia/Shanghai.
 */
public record TenantDraft(String code, String name, Plan plan, Integer maxShops, Integer maxUsers,
                          Integer apiRatePerMinute, String timeZone) {
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    public static final String CODE_RULE = "code is required: 2 to 40 lower-case letters, digits or '-', starting with a letter";
    private static final int MAX_QUOTA = 1_000_000;

    public TenantDraft {
        if (!validCode(code)) {
            throw ApiException.badRequest("code", CODE_RULE);
        }
        name = Drafts.text("name", name, 200); // also refuses control characters (NUL: PostgreSQL cannot store it)
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

    /** A tenant code: what tokens carry as {@code tenant_id} and every service stores. */
    public static boolean validCode(String code) {
        return TenantCodes.valid(code);
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
