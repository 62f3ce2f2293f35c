package com.bi.cron.domain;

import java.util.List;
import java.util.logging.Logger;

/**
 * {@code retention}: every service that declares retention policies purges rows beyond their windows
 * ({@code bi.maintenance.v1.Maintenance/Purge}); a dry run counts what is due. One service or policy failing is
 * counted; the others still run.
 */
public final class RetentionJob implements Job {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    /** One policy's answer. */
    public record PolicyOutcome(String policy, String window, long rows, String error) {
    }

    /** One service's Purge. */
    public interface Purger {
        String service();

        List<PolicyOutcome> purge(boolean dryRun);
    }

    private final List<Purger> services;

    public RetentionJob(List<Purger> services) {
        this.services = List.copyOf(services);
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public void run(boolean dryRun, Tally tally) {
        for (Purger service : services) {
            try {
                for (PolicyOutcome p : service.purge(dryRun)) {
                    if (p.error() != null && !p.error().isEmpty()) {
                        tally.failed(service.service() + " " + p.policy(), p.error());
                    } else {
                        tally.items(p.rows());
                        LOG.info(() -> service.service() + " " + p.policy() + ": " + p.rows() + " row(s) older than "
                                + p.window() + (dryRun ? " due" : " deleted"));
                    }
                }
            } catch (RuntimeException e) {
                tally.failed(service.service(), e);
            }
        }
    }
}
