package com.bi.cron.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code daily-report}: per tenant, bi-template's DAILY schedules; each is rendered (its formats, by default PNG
 * charts and the XLSX workbook) and sent to the schedule's channels through bi-notify, keyed
 * {@code daily-report:<tenant>:<template>:<date>} (the date in the tenant's zone), so a rerun the same day sends
 * nothing twice. One template failing is counted; the tenant's other templates still go out.
 */
public final class DailyReportJob implements Job {
    private static final Logger LOG = Logger.getLogger(DailyReportJob.class.getName());
    static final List<String> DEFAULT_FORMATS = List.of("PNG", "XLSX");
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public record Scheduled(String templateId, String name, List<String> channelIds, Map<String, String> variables,
                            List<String> formats) {
    }

    public record Panel(String id, String title, String kind, String status, String message, String kpiText, byte[] png) {
    }

    public record Rendered(String title, String rangeFrom, String rangeTo, String timeZone, boolean partial,
                           List<Panel> panels, byte[] xlsx, byte[] csv) {
    }

    /** bi-template for one tenant. */
    public interface Templates {
        List<Scheduled> dailySchedules(String tenant);

        Rendered render(String tenant, String templateId, Map<String, String> variables, List<String> formats);
    }

    private final TenantSource tenants;
    private final Templates templates;
    private final Notifier notifier;
    private final Clock clock;

    public DailyReportJob(TenantSource tenants, Templates templates, Notifier notifier, Clock clock) {
        this.tenants = tenants;
        this.templates = templates;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "daily-report";
    }

    @Override
    public void run(boolean dryRun, Tally tally) {
        PerTenant.forEach(tenants, tally, tenant -> {
            long sent = 0;
            for (Scheduled report : templates.dailySchedules(tenant)) {
                try {
                    List<String> formats = report.formats().isEmpty() ? DEFAULT_FORMATS : report.formats();
                    Rendered rendered = templates.render(tenant, report.templateId(), report.variables(), formats);
                    Notifier.Message message = message(tenant, report, rendered, LocalDate.now(clock.withZone(zone(rendered))));
                    if (dryRun) {
                        LOG.info(() -> "would send " + message.idempotencyKey() + " with " + message.images().size()
                                + " image(s) and " + message.files().size() + " file(s)");
                        continue;
                    }
                    if (notifier.send(tenant, message) == Notifier.Outcome.QUEUED) {
                        sent++;
                    }
                } catch (RuntimeException e) {
                    LOG.warning(() -> "tenant " + tenant + " template " + report.templateId() + " failed: " + Reasons.oneLine(e));
                    tally.failed("tenant " + tenant + " template " + report.templateId(), e);
                }
            }
            return sent;
        });
    }

    private static ZoneId zone(Rendered rendered) {
        return rendered.timeZone() == null || rendered.timeZone().isBlank() ? ZoneId.of("Asia/Shanghai") : ZoneId.of(rendered.timeZone());
    }

    static Notifier.Message message(String tenant, Scheduled report, Rendered r, LocalDate date) {
        String key = "daily-report:" + tenant + ":" + report.templateId() + ":" + date;
        StringBuilder md = new StringBuilder();
        md.append("### ").append(r.title()).append('\n')
                .append(r.rangeFrom().equals(r.rangeTo()) ? r.rangeFrom() : r.rangeFrom() + " – " + r.rangeTo())
                .append(" (").append(r.timeZone()).append(")\n\n");
        List<Notifier.Attachment> images = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Panel p : r.panels()) {
            if (!"OK".equals(p.status())) {
                missing.add(p.title() + " (" + p.status().toLowerCase(Locale.ROOT) + ")");
                continue;
            }
            if (p.kpiText() != null && !p.kpiText().isEmpty()) {
                md.append("- **").append(p.title()).append("**: ").append(p.kpiText()).append('\n');
            }
            if (p.png() != null && p.png().length > 0) {
                images.add(new Notifier.Attachment(p.id() + ".png", "image/png", p.png()));
            }
        }
        if (!missing.isEmpty()) {
            md.append("\n_Partial report: ").append(String.join(", ", missing)).append(" could not be computed._\n");
        }
        List<Notifier.Attachment> files = new ArrayList<>();
        if (r.xlsx() != null && r.xlsx().length > 0) {
            files.add(new Notifier.Attachment("daily-report-" + date + ".xlsx", XLSX, r.xlsx()));
        }
        if (r.csv() != null && r.csv().length > 0) {
            files.add(new Notifier.Attachment("daily-report-" + date + ".csv", "text/csv", r.csv()));
        }
        return new Notifier.Message(key, report.channelIds(), r.title() + " " + date, md.toString(), images, files);
    }
}
