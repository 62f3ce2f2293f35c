package com.bi.jushuitan.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Credentials, sync state (checkpoints, cursor, lease), quarantine and rejects. */
public interface ShopStore {
    record Draft(String shopId, String platform, String appKey, String appSecret, String accessToken, String baseUrl,
                 String startFrom) {
    }

    /** New secrets for existing credentials (the checkpoint and cursor stay). */
    record Secrets(String appKey, String appSecret, String accessToken) {
    }

    record Reject(String reason, String payload) {
    }

    /**
     * What one handed-over step records, in one transaction: the new checkpoint (and the start_ts cursor once the
     * backfill is done), the highest row version seen, counters, rejected records, and orders set aside by o_id.
     */
    record Advance(Instant checkpoint, Long tsCursor, Long maxTsSeen, int delivered, List<Reject> rejects,
                   Map<String, String> quarantine) {
    }

    /** The outcome of a pass over every credential: how many cannot be opened, how many were re-sealed. */
    record CredentialScan(int unreadable, int resealed) {
    }

    long create(String tenant, Draft draft, Instant checkpoint);

    boolean replaceSecrets(String tenant, long id, Secrets secrets);

    /** The tenant's shops without their secrets. */
    List<ShopStatus> list(String tenant);

    boolean delete(String tenant, long id);

    boolean exists(String tenant, long id);

    Optional<Shop> get(String tenant, long id);

    List<Shop> enabled(String tenant);

    /** Tenants with at least one enabled shop (what {@code /sync/all} enqueues a job for). */
    List<String> tenantsWithEnabledShops();

    /** Takes the shop's sync lease for {@code owner}; false while another owner's lease has not expired. */
    boolean lease(long id, String owner, Duration lease);

    /** Extends the owner's lease; false when the lease was lost (expired and taken by another owner). */
    boolean renew(long id, String owner, Duration lease);

    /** Records a step as handed over; only while {@code owner} holds the lease (false otherwise: nothing written). */
    boolean advance(long id, String owner, String tenant, Advance advance);

    /** Ends the owner's run: status ({@code IDLE}, {@code FAILED}, {@code CREDENTIALS_UNREADABLE}) and the error shown. */
    void finish(long id, String owner, String status, String error);

    /** Quarantined o_ids of a shop, oldest first. */
    List<String> quarantined(long id, int limit);

    /**
     * After a re-fetch by o_ids: drop the released ids, count another attempt for those still invalid (an id the
     * vendor keeps not returning for the shop is dropped after a few attempts, as a reject), count the orders handed
     * over and store the rejects.
     */
    void resolveQuarantine(long id, List<String> released, Map<String, String> stillInvalid, int delivered, List<Reject> rejects);

    /** Orders waiting to be re-fetched, over every tenant (the gauge). */
    long quarantinedTotal();

    /**
     * Tries to open every stored credential: marks unreadable ones (status {@code CREDENTIALS_UNREADABLE}) and clears
     * that status when they open again; re-seals with the current key what opens only with the previous key.
     */
    CredentialScan scanCredentials();

    /**
     * Stored credentials that still open only with the previous key (BI_CRYPTO_KEY_PREVIOUS): 0 after a scan means the
     * previous key can be dropped ({@code bi-ops rotate <env> crypto-key finish} checks the gauge of this count).
     */
    default long sealedWithPreviousKey() {
        return -1;
    }
}
