package com.bi.common.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.common.grpc.GrpcEdge;
import com.bi.proto.tenant.v1.GetTenantRequest;
import com.bi.proto.tenant.v1.Tenant;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * bi-tenant's {@code GetTenant} contract for the kit's own tests (bi-tenant is built from the kit, so it cannot run
 * inside the kit's build): tenants by code with their status and API rate; NOT_FOUND for others; the caller must be
 * authenticated like with the real one. Register it on a kit's gRPC routing.
 */
public final class TenantStandIn extends TenantServiceGrpc.TenantServiceImplBase {
    /** Status by tenant code: ACTIVE or SUSPENDED. */
    public final Map<String, String> status = new ConcurrentHashMap<>();
    /** api_rate_per_minute by tenant code (0 when absent: no limit). */
    public final Map<String, Integer> ratePerMinute = new ConcurrentHashMap<>();

    @Override
    public void getTenant(GetTenantRequest request, StreamObserver<Tenant> response) {
        GrpcEdge.caller();
        String state = status.get(request.getCode());
        if (state == null) {
            response.onError(Status.NOT_FOUND.withDescription("no tenant " + request.getCode()).asRuntimeException());
            return;
        }
        response.onNext(Tenant.newBuilder().setCode(request.getCode()).setStatus(state).setMaxShops(10).setMaxUsers(10)
                .setApiRatePerMinute(ratePerMinute.getOrDefault(request.getCode(), 0)).setTimeZone("Asia/Shanghai").build());
        response.onCompleted();
    }
}
