package com.bi.plantaoxi.domain;

import java.util.List;

/** A plan's daily targets and what shaped them: the weekday profile (learned or flat) and the overrides. */
public record DailyPlan(PlanVersion plan, WeekdayProfile profile, List<DayTarget> days) {
}
