package com.bi.analysis.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.orders.OrderEvent;

/** bi-analysis's use cases: ingest orders, answer metric questions, keep the tenant's time zone and rollups. */
public record Analysis(OrderStore store, MetricReader metrics, OrderStore.Zones zones, RollupJobs jobs, QueryLimits limits) {
    /** Who may write facts: connectors (service tokens) and tenant admins. */
    public static final Set<String> INGEST = Roles.MACHINE;
    public static final int MAX_INGEST = 5000;

    public IngestResult ingest(Caller caller, List<OrderEvent> orders) {
        if (!caller.hasAnyRole(INGEST)) {
            throw ApiException.forbidden("ingesting orders needs one of the roles " + INGEST.stream().sorted().toList());
        }
        if (orders.size() > MAX_INGEST) {
            throw ApiException.badRequest("orders", "at most " + MAX_INGEST + " orders per call");
        }
        return store.ingest(caller.tenantId(), orders);
    }

    /** Answers within the declared limits: a longer period, or a long scan of the facts, is a 400 naming {@code to}. */
    public QueryResult query(Caller caller, MetricQuery query) {
        long days = query.days();
        if (days > limits.maxDays()) {
            throw ApiException.badRequest("to", "a query spans at most " + limits.maxDays() + " days; got " + days);
        }
        if (query.needsFacts() && days > limits.maxFactDays()) {
            throw ApiException.badRequest("to", "buyers, and orders or aov across SKUs, are counted from the facts: such a query "
                    + "spans at most " + limits.maxFactDays() + " days; got " + days);
        }
        return metrics.run(caller.tenantId(), query);
    }

    /** Sets the tenant's zone; when it changed, days move, so a rollup rebuild is queued in the same transaction. */
    public RollupJobs.ZoneChange setZone(String tenant, ZoneId zone) {
        return jobs.changeZone(tenant, zone);
    }

    /** Queues a rebuild of the tenant's pay days and rollups (joins one already waiting). */
    public RollupJobs.Job rebuild(String tenant, String reason) {
        return jobs.requestRebuild(tenant, reason);
    }
}
