package com.bi.plantaoxi.domain;

import java.math.BigDecimal;

import com.bi.common.error.ApiException;

/**
 * A tenant's status thresholds on attainment (month-to-date GMV / the daily targets to date), in percent:
 * ON_TRACK at or above {@code onTrackPercent}, AT_RISK at or above {@code atRiskPercent}, else BEHIND.
 */
public record Thresholds(int onTrackPercent, int atRiskPercent) {
    public static final int MAX_PERCENT = 1000;

    public enum Status { ON_TRACK, AT_RISK, BEHIND }

    /** @throws ApiException 400 naming the field when a threshold is out of 1..1000 or at_risk exceeds on_track */
    public Thresholds {
        if (onTrackPercent < 1 || onTrackPercent > MAX_PERCENT) {
            throw ApiException.badRequest("on_track_percent", "on_track_percent must be between 1 and " + MAX_PERCENT
                    + "; got " + onTrackPercent);
        }
        if (atRiskPercent < 1 || atRiskPercent > onTrackPercent) {
            throw ApiException.badRequest("at_risk_percent", "at_risk_percent must be between 1 and on_track_percent ("
                    + onTrackPercent + "); got " + atRiskPercent);
        }
    }

    /** The status of an attainment ratio; {@code expectedNothing} (no target to date yet) is ON_TRACK. */
    public Status status(BigDecimal attainment, boolean expectedNothing) {
        BigDecimal percent = attainment.movePointRight(2);
        if (expectedNothing || percent.compareTo(BigDecimal.valueOf(onTrackPercent)) >= 0) {
            return Status.ON_TRACK;
        }
        return percent.compareTo(BigDecimal.valueOf(atRiskPercent)) >= 0 ? Status.AT_RISK : Status.BEHIND;
    }
}
