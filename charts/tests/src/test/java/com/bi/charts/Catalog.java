package com.bi.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The long-running services of the platform's one catalog file (modules/bi-common/src/main/resources/catalog/
 * services.catalog, which the kit reads too): every test that walks Catalog.SERVICES holds the chart equal to it.
 */
record Catalog(String name, int http, int grpc, String prefix) {
    static final Path FILE = Helm.SOURCE.resolve("../modules/bi-common/src/main/resources/catalog/services.catalog").normalize();
    static final List<Catalog> SERVICES = read();
    static final List<String> CRON_JOBS = List.of("sync-jushuitan", "rollup", "plan-alerts", "daily-report", "nacos-backup", "retention");

    /** name http grpc prefix state description; '-' ports for a job (bi-cron: CronJobs, not a Deployment). */
    private static List<Catalog> read() {
        try {
            return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> !f[1].equals("-"))
                    .map(f -> new Catalog(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the service catalog " + FILE, e);
        }
    }
}
