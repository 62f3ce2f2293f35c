package com.bi.cron.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code plan-alerts}: per tenant, bi-plan-taoxi's month-to-date attainment; every shop AT_RISK or BEHIND gets one
 * message to the tenant's channels through bi-notify, keyed {@code plan-alert:<tenant>:<shop>:<as_of>} — the day
 * the numbers are for, so the several runs of a day send each shop's alert once (bi-notify drops the repeats).
 */
public final class PlanAlertsJob implements Job {
    private static final Logger LOG = Logger.getLogger(PlanAlertsJob.class.getName());
    static final Set<String> ALERTING = Set.of("AT_RISK", "BEHIND");

    /** One shop's attainment as bi-plan-taoxi answers it (decimal texts kept as text). */
    public record Shop(String shopId, String shopName, String platform, String month, String targetGmv, String mtdGmv,
                       String expectedGmvToDate, double attainment, String forecastGmv, String forecastMethod,
                       double forecastAttainment, String status) {
    }

    public record Attainment(String asOf, String timeZone, List<Shop> shops) {
    }

    /** bi-plan-taoxi's GetAttainment of the current month, for one tenant. */
    public interface Plans {
        Attainment attainment(String tenant);
    }

    private final TenantSource tenants;
    private final Plans plans;
    private final Notifier notifier;

    public PlanAlertsJob(TenantSource tenants, Plans plans, Notifier notifier) {
        this.tenants = tenants;
        this.plans = plans;
        this.notifier = notifier;
    }

    @Override
    public String name() {
        return "plan-alerts";
    }

    @Override
    public void run(boolean dryRun, Tally tally) {
        PerTenant.forEach(tenants, tally, tenant -> {
            Attainment attainment = plans.attainment(tenant);
            long sent = 0;
            for (Shop shop : attainment.shops()) {
                if (!ALERTING.contains(shop.status())) {
                    continue;
                }
                Notifier.Message message = message(tenant, attainment, shop);
                if (dryRun) {
                    LOG.info(() -> "would send " + message.idempotencyKey());
                    continue;
                }
                Notifier.Outcome outcome = notifier.send(tenant, message);
                if (outcome == Notifier.Outcome.NO_CHANNEL) {
                    LOG.info(() -> "tenant " + tenant + " has no enabled channel: plan alerts not sent");
                    break;
                }
                if (outcome == Notifier.Outcome.QUEUED) {
                    sent++;
                }
            }
            return sent;
        });
    }

    static Notifier.Message message(String tenant, Attainment a, Shop shop) {
        String key = "plan-alert:" + tenant + ":" + shop.shopId() + ":" + a.asOf();
        String status = shop.status().equals("BEHIND") ? "behind plan" : "at risk";
        String title = shop.shopName() + " is " + status + " (" + percent(shop.attainment()) + " of plan to date)";
        String markdown = """
                ### %s: %s
                - Month %s, up to %s (%s)
                - GMV to date: **%s** of %s expected (%s)
                - Month target: %s
                - Forecast to month end: %s (%s of target, %s)
                """.formatted(shop.shopName(), status, shop.month(), a.asOf(), a.timeZone(), shop.mtdGmv(),
                shop.expectedGmvToDate(), percent(shop.attainment()), shop.targetGmv(), shop.forecastGmv(),
                percent(shop.forecastAttainment()), shop.forecastMethod());
        return new Notifier.Message(key, List.of(), title, markdown, List.of(), List.of());
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
