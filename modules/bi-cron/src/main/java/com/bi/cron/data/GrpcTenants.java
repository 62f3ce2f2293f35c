package com.bi.cron.data;

import java.util.ArrayList;
import java.util.List;

import com.bi.common.security.ServiceTokens;
import com.bi.cron.domain.TenantSource;
import com.bi.proto.tenant.v1.ListTenantsRequest;
import com.bi.proto.tenant.v1.ListTenantsResponse;
import com.bi.proto.tenant.v1.Tenant;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import io.grpc.Channel;

/** bi-tenant's ListTenants, every page, with bi-cron's SERVICE token of the platform tenant. */
public final class GrpcTenants implements TenantSource {
    static final int PAGE_SIZE = 200;

    private final Channel channel;
    private final ServiceTokens tokens;

    public GrpcTenants(Channel channel, ServiceTokens tokens) {
        this.channel = channel;
        this.tokens = tokens;
    }

    @Override
    public List<String> activeTenants() {
        return tokens.as(Peer.PLATFORM_TENANT, () -> {
            List<String> codes = new ArrayList<>();
            for (int page = 1; ; page++) {
                ListTenantsResponse answer = TenantServiceGrpc.newBlockingStub(channel)
                        .listTenants(ListTenantsRequest.newBuilder().setPage(page).setSize(PAGE_SIZE).build());
                answer.getTenantsList().stream().map(Tenant::getCode).forEach(codes::add);
                if (answer.getTenantsCount() < PAGE_SIZE || codes.size() >= answer.getTotal()) {
                    return List.copyOf(new java.util.LinkedHashSet<>(codes)); // a tenant created mid-paging may shift one twice
                }
            }
        });
    }
}
