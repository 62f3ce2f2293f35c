package com.bi.analysis.domain;

import java.time.Duration;

/**
 * What one metric question may cost (issue 12 #12): the longest period any query spans, the longest period a
 * question on the facts spans (distinct buyers, distinct orders across SKUs: {@code count(DISTINCT …)} scans that
 * grow with the period), and the statement timeout of every metric query.
 */
public record QueryLimits(int maxDays, int maxFactDays, Duration timeout) {
    public static final QueryLimits DEFAULT = new QueryLimits(MetricQuery.MAX_DAYS, 366, Duration.ofSeconds(10));
}
