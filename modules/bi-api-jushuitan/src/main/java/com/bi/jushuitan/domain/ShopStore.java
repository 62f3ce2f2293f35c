package com.bi.jushuitan.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Credentials, checkpoints and rejects. */
public interface ShopStore {
    record Draft(String shopId, String platform, String appKey, String appSecret, String accessToken, String baseUrl,
                 String startFrom) {
    }

    long create(String tenant, Draft draft, Instant checkpoint);

    List<Map<String, Object>> list(String tenant);

    boolean delete(String tenant, long id);

    Optional<Shop> get(String tenant, long id);

    List<Shop> enabled(String tenant);

    /** Every tenant's enabled shops (bi-cron's scheduled sync). */
    List<Shop> allEnabled();

    /** Takes the shop's sync lease (one sync per shop across instances); false when another run holds it. */
    boolean lease(long id);

    /**
     * Records a window as handed over: the rejected records, the new checkpoint and the counters, in one
     * transaction. Called only after the sink confirmed the window's orders.
     */
    void advance(long id, String tenant, Instant checkpoint, int delivered, List<Reject> rejects);

    void finish(long id, String error);

    record Reject(String reason, String payload) {
    }
}
