package com.bi.sys.domain;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** The audit log: append and query (newest first). */
public interface AuditLog {
    void record(String tenantId, AuditEvent.Type type, String actor, String subject, String ip, String detail);

    Page<AuditEvent> list(String tenantId, AuditEvent.Type type, PageRequest page);
}
