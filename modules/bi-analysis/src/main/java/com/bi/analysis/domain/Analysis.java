package com.bi.analysis.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.orders.OrderEvent;

/** bi-analysis's use cases: ingest orders, answer metric questions, keep the tenant's time zone and rollups. */
public record Analysis(OrderStore store, MetricReader metrics, TenantZones zones) {
    /** Who may write facts: connectors (service tokens) and tenant admins. */
    public static final Set<String> INGEST = Roles.MACHINE;
    public static final int MAX_INGEST = 5000;

    public interface TenantZones extends OrderStore.Zones {
        boolean setZone(String tenant, ZoneId zone);
    }

    public IngestResult ingest(Caller caller, List<OrderEvent> orders) {
        if (!caller.hasAnyRole(INGEST)) {
            throw ApiException.forbidden("ingesting orders needs one of the roles " + INGEST.stream().sorted().toList());
        }
        if (orders.size() > MAX_INGEST) {
            throw ApiException.badRequest("orders", "at most " + MAX_INGEST + " orders per call");
        }
        return store.ingest(caller.tenantId(), orders);
    }

    public QueryResult query(Caller caller, MetricQuery query) {
        return metrics.run(caller.tenantId(), query);
    }

    /** Sets the tenant's zone; when it changed, days move, so the rollups are rebuilt from the facts. */
    public boolean setZone(String tenant, ZoneId zone) {
        boolean changed = zones.setZone(tenant, zone);
        if (changed) {
            store.rebuild(tenant);
        }
        return changed;
    }
}
