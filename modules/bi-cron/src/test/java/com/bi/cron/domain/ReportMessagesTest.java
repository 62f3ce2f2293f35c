package com.bi.cron.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The messages plan-alerts and daily-report send: keys (once per shop/template and day), content, attachments. */
class ReportMessagesTest {
    @Test
    void aPlanAlertIsKeyedByTenantShopAndTheDayTheNumbersAreFor() {
        PlanAlertsJob.Shop shop = new PlanAlertsJob.Shop("42", "Tmall Flagship", "TMALL", "2026-12", "300000.00", "8000.00",
                "10000.00", 0.8, "240000.00", "RUN_RATE", 0.8, "BEHIND");
        Notifier.Message m = PlanAlertsJob.message("acme", new PlanAlertsJob.Attainment("2026-12-01", "Asia/Shanghai", List.of(shop)), shop);
        assertThat(m.idempotencyKey(), is("plan-alert:acme:42:2026-12-01"));
        assertThat(m.title(), is("Tmall Flagship is behind plan (80.0% of plan to date)"));
        assertThat(m.markdown(), containsString("GMV to date: **8000.00** of 10000.00 expected (80.0%)"));
        assertThat(m.markdown(), containsString("Forecast to month end: 240000.00 (80.0% of target, RUN_RATE)"));
        assertThat("every enabled channel", m.channelIds().isEmpty(), is(true));
    }

    @Test
    void aDailyReportCarriesTheChartsAndTheWorkbookAndNamesMissingPanels() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        DailyReportJob.Rendered rendered = new DailyReportJob.Rendered("Daily sales", "2026-12-01", "2026-12-01", "Asia/Shanghai", true,
                List.of(new DailyReportJob.Panel("gmv", "GMV", "KPI", "OK", "", "12,345.60 (+5.2%)", png),
                        new DailyReportJob.Panel("trend", "Trend", "LINE", "OK", "", null, png),
                        new DailyReportJob.Panel("skus", "Top SKUs", "TABLE", "TIMEOUT", "slow", null, new byte[0])),
                new byte[] {'P', 'K'}, new byte[0]);
        DailyReportJob.Scheduled schedule = new DailyReportJob.Scheduled("t-1", "Daily sales", List.of("ch-1", "ch-2"),
                Map.of("range", "yesterday"), List.of());
        Notifier.Message m = DailyReportJob.message("acme", schedule, rendered, LocalDate.parse("2026-12-02"));
        assertThat(m.idempotencyKey(), is("daily-report:acme:t-1:2026-12-02"));
        assertThat(m.channelIds(), is(List.of("ch-1", "ch-2")));
        assertThat(m.images().stream().map(Notifier.Attachment::name).toList(), is(List.of("gmv.png", "trend.png")));
        assertThat(m.files().size(), is(1));
        assertThat(m.files().get(0).name(), is("daily-report-2026-12-02.xlsx"));
        assertThat(m.files().get(0).contentType(), is(DailyReportJob.XLSX));
        assertThat(m.markdown(), containsString("- **GMV**: 12,345.60 (+5.2%)"));
        assertThat(m.markdown(), containsString("Partial report: Top SKUs (timeout) could not be computed."));
    }
}
