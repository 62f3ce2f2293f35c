package com.bi.tenant.domain;

import java.util.logging.Logger;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** bi-tenant's use cases: the operator tenant on first start, tenant management, suspend/resume. */
public final class Tenants {
    /** The operator tenant: platform operators (PLATFORM_ADMIN) live here; it cannot be suspended. */
    public static final String PLATFORM = "platform";
    private static final Logger LOG = Logger.getLogger(Tenants.class.getName());

    private final TenantRepository repository;

    public Tenants(TenantRepository repository) {
        this.repository = repository;
    }

    /** Creates the operator tenant {@value #PLATFORM} when it does not exist yet. */
    public void bootstrap() {
        if (repository.insertIfMissing(new TenantDraft(PLATFORM, "Platform operators", Plan.ENTERPRISE, 0, 100, 30000, null))) {
            LOG.info("created the operator tenant '" + PLATFORM + "'");
        }
    }

    public Tenant create(TenantDraft draft) {
        return repository.insert(draft);
    }

    public Tenant get(String code) {
        return repository.find(code).orElseThrow(() -> ApiException.notFound("tenant", code));
    }

    public Page<Tenant> list(TenantStatus status, PageRequest page) {
        return repository.list(status, page);
    }

    public Tenant replace(String code, long expectedVersion, TenantChanges changes) {
        TenantDraft draft = changes.validated(code);
        get(code);
        return repository.update(code, expectedVersion, draft).orElseThrow(() -> ApiException.preconditionFailed(
                "tenant " + code + " was changed by someone else (If-Match " + expectedVersion + " is stale); read it again"));
    }

    public Tenant suspend(String code, String reason) {
        if (PLATFORM.equals(code)) {
            throw ApiException.conflict("the operator tenant '" + PLATFORM + "' cannot be suspended");
        }
        reason = Drafts.optionalText("reason", reason, 500);
        Tenant tenant = repository.setStatus(code, TenantStatus.SUSPENDED, reason)
                .orElseThrow(() -> ApiException.notFound("tenant", code));
        LOG.warning("tenant " + code + " suspended" + (reason == null ? "" : ": " + reason));
        return tenant;
    }

    public Tenant resume(String code) {
        Tenant tenant = repository.setStatus(code, TenantStatus.ACTIVE, null)
                .orElseThrow(() -> ApiException.notFound("tenant", code));
        LOG.info("tenant " + code + " resumed");
        return tenant;
    }

    /** The status check behind the suspension guard: empty when the tenant is unknown here. */
    public java.util.Optional<Tenant> find(String code) {
        return repository.find(code);
    }
}
