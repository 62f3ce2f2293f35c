package com.bi.tenant.api;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.proto.tenant.v1.GetTenantRequest;
import com.bi.proto.tenant.v1.ListTenantsRequest;
import com.bi.proto.tenant.v1.ListTenantsResponse;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import com.bi.tenant.domain.Tenant;
import com.bi.tenant.domain.TenantDraft;
import com.bi.tenant.domain.TenantStatus;
import com.bi.tenant.domain.Tenants;
import io.grpc.stub.StreamObserver;

/**
 * {@code GetTenant} for the other services: the caller's own tenant (empty code or its own), any tenant for
 * PLATFORM_ADMIN; NOT_FOUND otherwise, so codes of other tenants never leak. Not behind the suspension guard: a
 * suspended tenant's token reads its own tenant here and learns that it is SUSPENDED.
 */
public final class TenantGrpcService extends TenantServiceGrpc.TenantServiceImplBase {
    private final Tenants tenants;

    public TenantGrpcService(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public void getTenant(GetTenantRequest request, StreamObserver<com.bi.proto.tenant.v1.Tenant> response) {
        Caller caller = GrpcEdge.caller();
        String code = request.getCode().isEmpty() ? caller.tenantId() : request.getCode();
        if (!TenantDraft.validCode(code)) {
            // before any lookup: NUL cannot reach PostgreSQL, and the code is never echoed (it may be 100 KB)
            throw ApiException.badRequest("code", TenantDraft.CODE_RULE);
        }
        if (!code.equals(caller.tenantId()) && !caller.roles().contains(Roles.PLATFORM_ADMIN)) {
            throw ApiException.notFound("tenant", code);
        }
        response.onNext(toProto(tenants.get(code)));
        response.onCompleted();
    }

    /**
     * The ACTIVE tenants for run-to-completion jobs (bi-cron). A SERVICE token only: a user's token, even a platform
     * operator's, is refused, so the list of customers never leaves through a user-facing path.
     */
    @Override
    public void listTenants(ListTenantsRequest request, StreamObserver<ListTenantsResponse> response) {
        if (!GrpcEdge.caller().roles().contains(Roles.SERVICE)) {
            throw ApiException.forbidden("ListTenants needs a SERVICE token");
        }
        PageRequest page = new PageRequest(request.getPage() == 0 ? 1 : request.getPage(),
                request.getSize() == 0 ? PageRequest.DEFAULT_SIZE : request.getSize());
        Page<Tenant> tenantsPage = tenants.list(TenantStatus.ACTIVE, page);
        ListTenantsResponse.Builder answer = ListTenantsResponse.newBuilder().setTotal(tenantsPage.total());
        tenantsPage.items().forEach(t -> answer.addTenants(toProto(t)));
        response.onNext(answer.build());
        response.onCompleted();
    }

    static com.bi.proto.tenant.v1.Tenant toProto(Tenant t) {
        return com.bi.proto.tenant.v1.Tenant.newBuilder()
                .setId(t.id())
                .setCode(t.code())
                .setName(t.name())
                .setStatus(t.status().name())
                .setPlan(t.plan().name())
                .setMaxShops(t.quotas().shops())
                .setMaxUsers(t.quotas().users())
                .setApiRatePerMinute(t.quotas().apiRatePerMinute())
                .setTimeZone(t.timeZone())
                .setVersion(t.version())
                .build();
    }
}
