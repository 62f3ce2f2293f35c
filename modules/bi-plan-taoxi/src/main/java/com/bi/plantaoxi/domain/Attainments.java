package com.bi.plantaoxi.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/** Attainment of a month's plans as of a day (the last day counted), with the thresholds that decided the statuses. */
public record Attainments(YearMonth month, LocalDate asOf, ZoneId zone, Thresholds thresholds, List<ShopAttainment> shops) {
}
