package com.bi.tenant.domain;

/** Subscription plans and the quotas a new tenant of the plan gets unless the operator sets others. */
public enum Plan {
    FREE(2, 5, 600),
    STANDARD(20, 50, 3000),
    ENTERPRISE(500, 1000, 30000);

    private final int shops;
    private final int users;
    private final int apiRatePerMinute;

    Plan(int shops, int users, int apiRatePerMinute) {
        this.shops = shops;
        this.users = users;
        this.apiRatePerMinute = apiRatePerMinute;
    }

    public int shops() {
        return shops;
    }

    public int users() {
        return users;
    }

    public int apiRatePerMinute() {
        return apiRatePerMinute;
    }
}
