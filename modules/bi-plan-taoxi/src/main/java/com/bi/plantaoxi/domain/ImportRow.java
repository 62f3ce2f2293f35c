package com.bi.plantaoxi.domain;

/** One CSV data row: its line in the file and the values of the plan columns (null when absent). */
public record ImportRow(int line, String shopId, String month, String targetGmv, String targetOrders, String note) {
}
