package com.bi.server.data;

import com.bi.proto.tenant.v1.GetTenantRequest;
import com.bi.proto.tenant.v1.Tenant;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import io.grpc.Channel;

/** The caller's own tenant from bi-tenant's {@code GetTenant} (the caller's token decides which). */
public final class TenantClient {
    private final TenantServiceGrpc.TenantServiceBlockingStub stub;

    public TenantClient(Channel channel) {
        this.stub = TenantServiceGrpc.newBlockingStub(channel);
    }

    public Tenant own() {
        return PeerCalls.call("bi-tenant", () -> stub.getTenant(GetTenantRequest.getDefaultInstance()));
    }
}
