package com.bi.template.domain;

import java.time.Duration;

/** Answers metric queries (bi-analysis over gRPC; a fake in the unit tests). */
public interface MetricSource {
    /**
     * @param timeout how long the answer may take; the source passes it on as the call's deadline so the engine stops
     *                working on a panel the rendering has given up on
     */
    MetricAnswer query(RenderContext context, MetricRequest request, Duration timeout);
}
