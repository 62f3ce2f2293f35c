package com.bi.plantaoxi;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;
import com.bi.plantaoxi.domain.Plans;
import com.bi.plantaoxi.domain.Thresholds;

/** What bi-plan-taoxi reads beyond the kit: how much history makes a weekday profile, default thresholds, import size. */
public final class PlanTaoxiOptions {
    public static final Option<Integer> PROFILE_WEEKS = Option.integer("bi.plan.profile.weeks", 8, 2, 52,
            "weeks before a plan month whose daily GMV teaches the shop's weekday profile").unit("weeks");
    public static final Option<Integer> PROFILE_MIN_DAYS = Option.integer("bi.plan.profile.min.days", 28, 7, 364,
            "non-promo days of history (since the shop's first sale in those weeks) a weekday profile needs; fewer: flat")
            .unit("days");
    public static final Option<Integer> ON_TRACK_PERCENT = Option.integer("bi.plan.status.on.track.percent", 95, 1,
            Thresholds.MAX_PERCENT, "attainment from which a shop is ON_TRACK, for tenants without their own thresholds");
    public static final Option<Integer> AT_RISK_PERCENT = Option.integer("bi.plan.status.at.risk.percent", 85, 1,
            Thresholds.MAX_PERCENT, "attainment from which a shop is AT_RISK (below: BEHIND), for tenants without their own");
    public static final Option<Integer> IMPORT_MAX_ROWS = Option.integer("bi.plan.import.max.rows", 5000, 1, 100_000,
            "data rows one CSV import may hold");

    public static final OptionGroup GROUP = OptionGroup.of("bi-plan-taoxi", "bi-plan-taoxi", PROFILE_WEEKS, PROFILE_MIN_DAYS,
            ON_TRACK_PERCENT, AT_RISK_PERCENT, IMPORT_MAX_ROWS);

    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-plan-taoxi", GROUP);

    private PlanTaoxiOptions() {
    }

    /**
     * The use cases' settings.
     *
     * @throws com.bi.common.config.InvalidConfigException naming the key when the default at-risk threshold exceeds on-track
     */
    public static Plans.Settings from(Settings settings) {
        int onTrack = settings.get(ON_TRACK_PERCENT);
        int atRisk = settings.get(AT_RISK_PERCENT);
        if (atRisk > onTrack) {
            throw new com.bi.common.config.InvalidConfigException(AT_RISK_PERCENT.key(),
                    "must not exceed " + ON_TRACK_PERCENT.key() + " (" + onTrack + "); got " + atRisk);
        }
        return new Plans.Settings(settings.get(PROFILE_WEEKS), settings.get(PROFILE_MIN_DAYS), new Thresholds(onTrack, atRisk),
                settings.get(IMPORT_MAX_ROWS));
    }
}
