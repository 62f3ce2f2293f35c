package com.bi.analysis.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.orders.OrderEvent;

/** Order facts and their rollups: idempotent, last-modified-wins upserts that keep the daily rollups current. */
public interface OrderStore {
    /**
     * Upserts every tenant's orders in ONE transaction (so a Kafka batch commits or not as a whole) and records
     * the rejected payloads beside them.
     */
    IngestResult ingest(Map<String, List<OrderEvent>> byTenant, List<Reject> rejects);

    default IngestResult ingest(String tenant, List<OrderEvent> orders) {
        return ingest(Map.of(tenant, orders), List.of());
    }

    /** Recomputes a tenant's pay days and rollups from its facts (after a time-zone change, or from bi-cron). */
    void rebuild(String tenant);

    Optional<OrderFact> order(String tenant, String source, String externalOrderId);

    /** The tenant's newest rejects first. */
    List<StoredReject> rejects(String tenant, int limit);

    record Reject(String tenantId, String origin, String reason, String payload) {
    }

    /** The tenant's time zone (Asia/Shanghai unless set). */
    interface Zones {
        ZoneId zone(String tenant);
    }
}
