package com.bi.sys.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** {@link AuditLog} in memory, newest first. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(String tenantId, AuditEvent.Type type, String actor, String subject, String ip, String detail) {
        events.addFirst(new AuditEvent(events.size() + 1, tenantId, Instant.EPOCH, type.name(), actor, subject, ip, detail));
    }

    @Override
    public synchronized Page<AuditEvent> list(String tenantId, AuditEvent.Type type, PageRequest page) {
        List<AuditEvent> all = events.stream().filter(e -> e.tenantId().equals(tenantId) && (type == null || e.type().equals(type.name()))).toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.size()).toList(), page.page(), page.size(), all.size());
    }

    /** The types recorded for {@code tenantId}, oldest first. */
    public synchronized List<String> types(String tenantId) {
        return events.reversed().stream().filter(e -> e.tenantId().equals(tenantId)).map(AuditEvent::type).toList();
    }
}
