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
    /** The jobs bi-cron runs, from the list its code reads (modules/bi-cron/src/main/resources/bi-cron/jobs.txt). */
    static final Path CRON_JOBS_FILE = Helm.SOURCE.resolve("../modules/bi-cron/src/main/resources/bi-cron/jobs.txt").normalize();
    static final List<String> CRON_JOBS = cronJobs();

    private static List<String> cronJobs() {
        try {
            return Files.readAllLines(CRON_JOBS_FILE, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("bi-cron's job list " + CRON_JOBS_FILE, e);
        }
    }

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
