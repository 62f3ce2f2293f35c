package com.bi.cron;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;

/** bi-cron's own options: the completion metric's Pushgateway and the Nacos backup archive. */
public final class CronOptions {
    public static final Option<String> PUSHGATEWAY_URL = Option.string("bi.cron.pushgateway.url", null,
            "Prometheus Pushgateway base URL (http://host:9091); unset: the run's final log line is the completion record");
    public static final Option<Duration> PUSHGATEWAY_TIMEOUT = Option.duration("bi.cron.pushgateway.timeout", Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofMinutes(1), "connect and request timeout of the metric push");
    public static final Option<String> BACKUP_DIR = Option.string("bi.cron.backup.dir", "/tmp/nacos-backups",
            "where nacos-backup writes its archives (mount a volume there in the chart: extraVolumes/extraVolumeMounts)");
    public static final Option<Integer> BACKUP_KEEP = Option.integer("bi.cron.backup.keep", 14, 1, 1000,
            "nacos-backup keeps the newest this many archives and deletes older ones");

    public static final OptionGroup GROUP = OptionGroup.of("bi-cron", "bi-cron", PUSHGATEWAY_URL, PUSHGATEWAY_TIMEOUT,
            BACKUP_DIR, BACKUP_KEEP);

    /**
     * What bi-cron reads beyond the kit: its own options. nacos-backup also reads the Nacos connection
     * ({@code NacosOptions.GROUP}), which bi-nacos declares itself (its config validator adds it to every catalog).
     */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-cron", GROUP);

    private CronOptions() {
    }
}
