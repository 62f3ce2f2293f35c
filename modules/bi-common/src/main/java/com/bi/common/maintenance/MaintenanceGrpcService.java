package com.bi.common.maintenance;

import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.proto.maintenance.v1.MaintenanceGrpc;
import com.bi.proto.maintenance.v1.PolicyResult;
import com.bi.proto.maintenance.v1.PurgeRequest;
import com.bi.proto.maintenance.v1.PurgeResponse;
import io.grpc.stub.StreamObserver;

/**
 * {@code bi.maintenance.v1.Maintenance} over a service's {@link Retention}: served by every service that declares
 * policies ({@code Wiring.Builder.retention}). A purge spans all tenants' rows, so only a SERVICE token of the
 * platform tenant (bi-cron) may call it.
 */
public final class MaintenanceGrpcService extends MaintenanceGrpc.MaintenanceImplBase {
    /** The operator tenant whose service token may purge (bi-tenant's {@code Tenants.PLATFORM}). */
    public static final String PLATFORM_TENANT = "platform";

    private final Retention retention;

    public MaintenanceGrpcService(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void purge(PurgeRequest request, StreamObserver<PurgeResponse> response) {
        Caller caller = GrpcEdge.caller();
        if (!caller.roles().contains(Roles.SERVICE) || !PLATFORM_TENANT.equals(caller.tenantId())) {
            throw ApiException.forbidden("Purge needs a SERVICE token of the platform tenant");
        }
        PurgeResponse.Builder answer = PurgeResponse.newBuilder();
        for (Retention.Result r : retention.purge(request.getDryRun())) {
            answer.addPolicies(PolicyResult.newBuilder().setName(r.policy().name()).setTable(r.policy().table())
                    .setWindow(r.window().toString()).setRows(r.rows()).setError(r.error() == null ? "" : r.error()));
        }
        response.onNext(answer.build());
        response.onCompleted();
    }
}
