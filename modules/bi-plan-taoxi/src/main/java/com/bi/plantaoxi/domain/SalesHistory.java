package com.bi.plantaoxi.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;

/** bi-analysis's daily GMV and orders of the caller's tenant (tenant from the caller's token). */
public interface SalesHistory {
    /** The tenant's time zone, in which bi-analysis counts days. */
    ZoneId zone();

    /** Sales key → day → sales in {@code [from, to]}; a day without sales has no entry. */
    Map<String, Map<LocalDate, DaySales>> daily(Collection<String> salesKeys, LocalDate from, LocalDate to);
}
