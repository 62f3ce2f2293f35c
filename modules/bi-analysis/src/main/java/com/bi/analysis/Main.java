package com.bi.analysis;

import com.bi.common.server.ServiceRuntime;

/** bi-analysis: order facts, daily rollups, the metric query engine. HTTP 8006, gRPC 9006. */
public final class Main {
    public static final String NAME = AnalysisService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new AnalysisService());
    }
}
