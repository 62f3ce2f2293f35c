package com.bi.cron;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.server.Catalog;
import com.bi.common.server.Platform;
import com.bi.cron.data.GrpcPeers;
import com.bi.cron.data.GrpcReports;
import com.bi.cron.data.GrpcTenants;
import com.bi.cron.data.NacosArchiver;
import com.bi.cron.domain.DailyReportJob;
import com.bi.cron.domain.Job;
import com.bi.cron.domain.NacosBackupJob;
import com.bi.cron.domain.PlanAlertsJob;
import com.bi.cron.domain.RetentionJob;
import com.bi.cron.domain.RollupJob;
import com.bi.cron.domain.SyncJushuitanJob;
import com.bi.cron.domain.TenantSource;
import com.bi.nacos.NacosOptions;
import com.bi.nacos.cli.NacosBackup;

/**
 * The jobs, each built from the platform only when it is the one asked for (a nacos-backup run opens no gRPC
 * channel, a rollup run reads no Nacos settings). The names are {@link com.bi.cron.domain.JobNames}'s.
 */
final class CronJobs {
    /** The services that declare retention policies (their {@code bi.maintenance.v1.Maintenance/Purge}). */
    static final List<String> RETENTION_SERVICES = List.of("bi-api-leke", "bi-analysis", "bi-sys", "bi-notify");

    private final Map<String, Function<Platform, Job>> jobs = new LinkedHashMap<>();

    CronJobs() {
        jobs.put("sync-jushuitan", p -> new SyncJushuitanJob(tenants(p),
                GrpcPeers.jushuitan(p.peers().channel(Catalog.of("bi-api-jushuitan")), p.serviceTokens())));
        // RequestRollupRebuild joins a waiting job, so the kit may retry it like the other idempotent calls
        jobs.put("rollup", p -> new RollupJob(tenants(p), GrpcPeers.analysis(
                p.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"), p.serviceTokens())));
        jobs.put("retention", p -> new RetentionJob(RETENTION_SERVICES.stream()
                .map(s -> GrpcPeers.maintenance(s, p.peers().channel(Catalog.of(s)), p.serviceTokens())).toList()));
        jobs.put("nacos-backup", CronJobs::nacosBackup);
        jobs.put("plan-alerts", p -> new PlanAlertsJob(tenants(p),
                GrpcReports.plans(p.peers().channel(Catalog.of("bi-plan-taoxi"), "bi.plan.v1.PlanService"), p.serviceTokens()),
                notifier(p)));
        jobs.put("daily-report", p -> new DailyReportJob(tenants(p),
                GrpcReports.templates(p.peers().channel(Catalog.of("bi-template"), "bi.template.v1.TemplateService"), p.serviceTokens()), notifier(p), p.clock()));
    }

    /** The job of this name, built on the platform; empty for a name bi-cron does not know (or not yet). */
    Optional<Job> build(String name, Platform platform) {
        return Optional.ofNullable(jobs.get(name)).map(factory -> factory.apply(platform));
    }

    /** The names that have an implementation (JobsTest: equal to the jobs file). */
    List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    private static TenantSource tenants(Platform p) {
        return new GrpcTenants(p.peers().channel(Catalog.BI_TENANT, "bi.tenant.v1.TenantService"), p.serviceTokens());
    }

    /** bi-notify's Send is idempotent by its key, so the kit may retry it. */
    private static com.bi.cron.domain.Notifier notifier(Platform p) {
        return GrpcReports.notifier(p.peers().channel(Catalog.of("bi-notify"), "bi.notify.v1.NotifyService"), p.serviceTokens());
    }

    private static Job nacosBackup(Platform p) {
        NacosOptions nacos = NacosOptions.from(p.config()).orElseThrow(() -> new InvalidConfigException(
                NacosOptions.SERVER_ADDR.key(), "is required by nacos-backup (NACOS_SERVER_ADDR: the Nacos to back up)"));
        NacosBackup backup = new NacosBackup(nacos.serverAddr(), nacos.namespace(), nacos.username(), nacos.password());
        return new NacosBackupJob(new NacosArchiver(backup, p.clock()), Path.of(p.settings().get(CronOptions.BACKUP_DIR)),
                p.settings().get(CronOptions.BACKUP_KEEP));
    }
}
