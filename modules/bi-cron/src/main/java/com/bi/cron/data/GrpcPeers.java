package com.bi.cron.data;

import java.util.List;

import com.bi.common.security.ServiceTokens;
import com.bi.cron.domain.RetentionJob;
import com.bi.cron.domain.RollupJob;
import com.bi.cron.domain.SyncJushuitanJob;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.RequestRollupRebuildRequest;
import com.bi.proto.jushuitan.v1.JushuitanServiceGrpc;
import com.bi.proto.jushuitan.v1.SyncNowRequest;
import com.bi.proto.maintenance.v1.MaintenanceGrpc;
import com.bi.proto.maintenance.v1.PurgeRequest;
import io.grpc.Channel;

/**
 * bi-cron's calls to the services, each with the tenant's own SERVICE token (the tenant comes from the token); the
 * deadline is the peer's {@code bi.peers.<peer>.timeout} unless a call needs longer.
 */
public final class GrpcPeers {
    private GrpcPeers() {
    }

    public static SyncJushuitanJob.Trigger jushuitan(Channel channel, ServiceTokens tokens) {
        return tenant -> tokens.as(tenant, () -> JushuitanServiceGrpc.newBlockingStub(channel)
                .syncNow(SyncNowRequest.getDefaultInstance()).getQueued());
    }

    public static RollupJob.Rebuilds analysis(Channel channel, ServiceTokens tokens) {
        return (tenant, reason) -> tokens.as(tenant, () -> AnalysisServiceGrpc.newBlockingStub(channel)
                .requestRollupRebuild(RequestRollupRebuildRequest.newBuilder().setReason(reason).build()).getJobId());
    }

    /** A service's Purge, with the platform tenant's SERVICE token (a purge spans all tenants). */
    public static RetentionJob.Purger maintenance(String service, Channel channel, ServiceTokens tokens) {
        return new RetentionJob.Purger() {
            @Override
            public String service() {
                return service;
            }

            @Override
            public List<RetentionJob.PolicyOutcome> purge(boolean dryRun) {
                return tokens.as(Peer.PLATFORM_TENANT, () -> MaintenanceGrpc.newBlockingStub(channel)
                        // a purge of a large backlog takes a while: beyond the peer's per-call default
                        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.MINUTES)
                        .purge(PurgeRequest.newBuilder().setDryRun(dryRun).build())
                        .getPoliciesList().stream()
                        .map(p -> new RetentionJob.PolicyOutcome(p.getName(), p.getWindow(), p.getRows(), p.getError()))
                        .toList());
            }
        };
    }
}
