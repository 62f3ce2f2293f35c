package com.bi.notify.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.bi.common.data.Jdbc;
import com.bi.notify.domain.Attachment;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.Delivery;
import com.bi.notify.domain.DeliveryAttempt;
import com.bi.notify.domain.DeliveryStatus;
import com.bi.notify.domain.NewMessage;
import com.bi.notify.domain.Outbox;
import com.bi.notify.domain.OutgoingMessage;

/** The outbox and delivery log in PostgreSQL (see {@link Outbox} for the locking); every statement names the tenant. */
public final class JdbcOutbox implements Outbox {
    private static final String DELIVERY = "d.id, d.tenant_id, d.message_id, d.channel_id, d.channel_kind, d.channel_name, d.status, "
            + "d.attempts, d.next_attempt_at, d.last_error, d.sent_at, d.created_at, d.updated_at";
    private static final String CHANNEL = JdbcChannels.aliased("c", "c_");
    private final Jdbc jdbc;

    public JdbcOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Accepted accept(NewMessage m) {
        return jdbc.inTransaction(() -> {
            // a concurrent accept of the same key waits here for the first to commit, then finds its message below
            int inserted = jdbc.update("INSERT INTO message (id, tenant_id, idempotency_key, request_hash, title, markdown, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
                    m.id(), m.tenantId(), m.idempotencyKey(), m.requestHash(), m.title(), m.markdown(), m.createdAt());
            if (inserted == 0) {
                record Existing(UUID id, String hash) {
                }
                Existing existing = jdbc.one("SELECT id, request_hash FROM message WHERE tenant_id = ? AND idempotency_key = ?",
                        r -> new Existing(r.getObject("id", UUID.class), r.getString("request_hash")),
                        m.tenantId(), m.idempotencyKey()).orElseThrow();
                return new Accepted(existing.id(), deliveriesOf(m.tenantId(), existing.id()), true, existing.hash());
            }
            int ordinal = 0;
            for (Attachment a : m.attachments()) {
                jdbc.update("INSERT INTO message_attachment (message_id, ordinal, role, name, content_type, data) VALUES (?, ?, ?, ?, ?, ?)",
                        m.id(), ordinal++, a.role(), a.name(), a.contentType(), a.data());
            }
            for (Channel c : m.targets()) {
                jdbc.update("INSERT INTO delivery (id, tenant_id, message_id, channel_id, channel_kind, channel_name, status, attempts, "
                                + "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)",
                        UUID.randomUUID(), m.tenantId(), m.id(), c.id(), c.kind(), c.name(), m.held() ? null : m.createdAt(),
                        m.createdAt(), m.createdAt());
            }
            return new Accepted(m.id(), deliveriesOf(m.tenantId(), m.id()), false, m.requestHash());
        });
    }

    private List<Delivery> deliveriesOf(String tenantId, UUID messageId) {
        return jdbc.list("SELECT " + DELIVERY + " FROM delivery d WHERE d.tenant_id = ? AND d.message_id = ? ORDER BY d.channel_name, d.id",
                JdbcOutbox::delivery, tenantId, messageId);
    }

    @Override
    public Optional<Delivery> processNext(Instant now, Function<Due, Outcome> handler) {
        return jdbc.inTransaction(() -> claimAndHandle("d.status IN ('QUEUED', 'FAILED') AND d.next_attempt_at <= ? "
                + "ORDER BY d.next_attempt_at, d.id LIMIT 1", handler, now));
    }

    @Override
    public Optional<Delivery> processOne(String tenantId, UUID deliveryId, Function<Due, Outcome> handler) {
        return jdbc.inTransaction(() -> claimAndHandle("d.tenant_id = ? AND d.id = ? AND d.status IN ('QUEUED', 'FAILED')",
                handler, tenantId, deliveryId));
    }

    /** In the caller's transaction: lock one delivery and its channel (skipping rows other workers hold), handle, store. */
    private Optional<Delivery> claimAndHandle(String where, Function<Due, Outcome> handler, Object... params) {
        record Claimed(Delivery delivery, Channel channel) {
        }
        Optional<Claimed> claimed = jdbc.one("SELECT " + DELIVERY + ", " + CHANNEL + " FROM delivery d "
                        + "JOIN channel c ON c.id = d.channel_id AND c.tenant_id = d.tenant_id WHERE " + where
                        + " FOR UPDATE OF d, c SKIP LOCKED",
                r -> new Claimed(delivery(r), JdbcChannels.map(r, "c_")), params);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Delivery d = claimed.get().delivery();
        int postsDone = jdbc.one("SELECT posts_done FROM delivery WHERE tenant_id = ? AND id = ?", r -> r.getInt(1),
                d.tenantId(), d.id()).orElse(0);
        OutgoingMessage message = message(d, postsDone);
        Outcome outcome = handler.apply(new Due(d, claimed.get().channel(), message));
        store(d, outcome);
        return find(d.tenantId(), d.id());
    }

    private OutgoingMessage message(Delivery d, int postsDone) {
        record Text(String title, String markdown) {
        }
        Text text = jdbc.one("SELECT title, markdown FROM message WHERE tenant_id = ? AND id = ?",
                r -> new Text(r.getString("title"), r.getString("markdown")), d.tenantId(), d.messageId()).orElseThrow();
        List<Attachment> attachments = jdbc.list("SELECT a.role, a.name, a.content_type, a.data FROM message_attachment a "
                        + "JOIN message m ON m.id = a.message_id WHERE m.tenant_id = ? AND a.message_id = ? ORDER BY a.ordinal",
                r -> new Attachment(Attachment.Role.valueOf(r.getString("role")), r.getString("name"), r.getString("content_type"),
                        r.getBytes("data")), d.tenantId(), d.messageId());
        return new OutgoingMessage(d.messageId(), d.id(), d.tenantId(), text.title(), text.markdown(), attachments, postsDone);
    }

    private void store(Delivery d, Outcome outcome) {
        switch (outcome) {
            case Sent sent -> {
                jdbc.update("UPDATE delivery SET status = 'SENT', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL, "
                        + "last_error = NULL, posts_done = 0, updated_at = ? WHERE tenant_id = ? AND id = ?", sent.at(), sent.at(), d.tenantId(), d.id());
                logAttempt(d, sent.at(), sent.posts(), DeliveryStatus.SENT, null);
            }
            case Failed failed -> {
                DeliveryStatus status = failed.next() == null ? DeliveryStatus.DEAD : DeliveryStatus.FAILED;
                jdbc.update("UPDATE delivery SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?, "
                                + "posts_done = CASE WHEN ?::int < 0 THEN posts_done ELSE ?::int END WHERE tenant_id = ? AND id = ?",
                        status, failed.next(), failed.error(), failed.at(), failed.postsDone(), failed.postsDone(), d.tenantId(), d.id());
                logAttempt(d, failed.at(), failed.posts(), DeliveryStatus.FAILED, failed.error());
            }
            case Postponed postponed -> jdbc.update("UPDATE delivery SET next_attempt_at = ? WHERE tenant_id = ? AND id = ?",
                    postponed.until(), d.tenantId(), d.id());
            case Abandoned abandoned -> jdbc.update("UPDATE delivery SET status = 'DEAD', next_attempt_at = NULL, last_error = ?, "
                    + "updated_at = ? WHERE tenant_id = ? AND id = ?", abandoned.reason(), abandoned.at(), d.tenantId(), d.id());
        }
    }

    private void logAttempt(Delivery d, Instant at, int posts, DeliveryStatus outcome, String error) {
        jdbc.update("INSERT INTO delivery_attempt (tenant_id, delivery_id, channel_id, attempted_at, posts, outcome, error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", d.tenantId(), d.id(), d.channelId(), at, posts, outcome, error);
    }

    @Override
    public List<DeliveryAttempt> attemptsSince(String tenantId, UUID channelId, Instant since) {
        return jdbc.list("SELECT attempted_at, posts, outcome, error FROM delivery_attempt WHERE tenant_id = ? AND channel_id = ? "
                + "AND attempted_at > ? ORDER BY attempted_at", JdbcOutbox::attempt, tenantId, channelId, since);
    }

    @Override
    public Optional<Delivery> requeue(String tenantId, UUID deliveryId, Instant now) {
        int changed = jdbc.update("UPDATE delivery SET status = 'QUEUED', attempts = 0, next_attempt_at = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND id = ? AND status IN ('DEAD', 'FAILED')", now, now, tenantId, deliveryId);
        return changed == 1 ? find(tenantId, deliveryId) : Optional.empty();
    }

    @Override
    public Optional<Delivery> find(String tenantId, UUID deliveryId) {
        return jdbc.one("SELECT " + DELIVERY + " FROM delivery d WHERE d.tenant_id = ? AND d.id = ?", JdbcOutbox::delivery,
                tenantId, deliveryId);
    }

    @Override
    public List<DeliveryAttempt> attempts(String tenantId, UUID deliveryId) {
        return jdbc.list("SELECT attempted_at, posts, outcome, error FROM delivery_attempt WHERE tenant_id = ? AND delivery_id = ? "
                + "ORDER BY id", JdbcOutbox::attempt, tenantId, deliveryId);
    }

    @Override
    public List<Delivery> list(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filters(tenantId, status, channelId, messageId, params);
        params.add(limit);
        params.add(offset);
        return jdbc.list("SELECT " + DELIVERY + " FROM delivery d WHERE " + where + " ORDER BY d.created_at DESC, d.id LIMIT ? OFFSET ?",
                JdbcOutbox::delivery, params.toArray());
    }

    @Override
    public long count(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId) {
        List<Object> params = new ArrayList<>();
        String where = filters(tenantId, status, channelId, messageId, params);
        return jdbc.count("SELECT count(*) FROM delivery d WHERE " + where, params.toArray());
    }

    private static String filters(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId, List<Object> params) {
        StringBuilder where = new StringBuilder("d.tenant_id = ?");
        params.add(tenantId);
        if (status != null) {
            where.append(" AND d.status = ?");
            params.add(status);
        }
        if (channelId != null) {
            where.append(" AND d.channel_id = ?");
            params.add(channelId);
        }
        if (messageId != null) {
            where.append(" AND d.message_id = ?");
            params.add(messageId);
        }
        return where.toString();
    }

    private static DeliveryAttempt attempt(ResultSet r) throws SQLException {
        return new DeliveryAttempt(r.getTimestamp("attempted_at").toInstant(), r.getInt("posts"),
                DeliveryStatus.valueOf(r.getString("outcome")), r.getString("error"));
    }

    private static Delivery delivery(ResultSet r) throws SQLException {
        return new Delivery(r.getObject(1, UUID.class), r.getString(2), r.getObject(3, UUID.class), r.getObject(4, UUID.class),
                ChannelKind.valueOf(r.getString(5)), r.getString(6), DeliveryStatus.valueOf(r.getString(7)), r.getInt(8),
                instant(r.getTimestamp(9)), r.getString(10), instant(r.getTimestamp(11)), instant(r.getTimestamp(12)),
                instant(r.getTimestamp(13)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
