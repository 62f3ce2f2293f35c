package com.bi.plantaoxi;

import com.bi.common.server.ServiceRuntime;

/** bi-plan-taoxi: monthly sales targets, attainment. Its ports and API prefix are its line in the service catalog. */
public final class Main {
    public static final String NAME = PlanTaoxiService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new PlanTaoxiService());
    }
}
