package com.bi.jushuitan.api;

import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.jushuitan.domain.JobStore;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.SyncJobs;
import com.bi.proto.jushuitan.v1.JushuitanServiceGrpc;
import com.bi.proto.jushuitan.v1.SyncNowRequest;
import com.bi.proto.jushuitan.v1.SyncNowResponse;
import io.grpc.stub.StreamObserver;

/**
 * {@code bi.jushuitan.v1.JushuitanService} for bi-cron's {@code sync-jushuitan}: queues the caller's tenant's sync
 * (the same job {@code POST /sync} queues; one waits per tenant, a repeat joins it). A tenant without an enabled shop
 * gets no job.
 */
public final class JushuitanGrpcService extends JushuitanServiceGrpc.JushuitanServiceImplBase {
    private static final Set<String> ALLOWED = Set.of(Roles.SERVICE, Roles.ANALYST, Roles.ADMIN, Roles.PLATFORM_ADMIN);

    private final ShopStore shops;
    private final SyncJobs jobs;

    public JushuitanGrpcService(ShopStore shops, SyncJobs jobs) {
        this.shops = shops;
        this.jobs = jobs;
    }

    @Override
    public void syncNow(SyncNowRequest request, StreamObserver<SyncNowResponse> response) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(ALLOWED)) {
            throw ApiException.forbidden("a sync needs one of the roles " + ALLOWED.stream().sorted().toList());
        }
        int enabled = shops.enabled(caller.tenantId()).size();
        SyncNowResponse.Builder answer = SyncNowResponse.newBuilder().setShops(enabled);
        if (enabled > 0) {
            JobStore.Job job = jobs.trigger(caller.tenantId(), null, caller.userId());
            answer.setQueued(true).setJobId(job.id());
        }
        response.onNext(answer.build());
        response.onCompleted();
    }
}
