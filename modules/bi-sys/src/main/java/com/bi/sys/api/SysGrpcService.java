package com.bi.sys.api;

import com.bi.common.grpc.GrpcEdge;
import com.bi.proto.sys.v1.GetUserRequest;
import com.bi.proto.sys.v1.SysServiceGrpc;
import com.bi.sys.domain.User;
import com.bi.sys.domain.Users;
import io.grpc.stub.StreamObserver;

/** gRPC for other services: users of the caller's tenant (tenant from the token); suspended tenants refused by the kit's edge. */
public final class SysGrpcService extends SysServiceGrpc.SysServiceImplBase {
    private final Users users;

    public SysGrpcService(Users users) {
        this.users = users;
    }

    @Override
    public void getUser(GetUserRequest request, StreamObserver<com.bi.proto.sys.v1.User> response) {
        String tenant = GrpcEdge.caller().tenantId();
        User user = users.get(tenant, request.getId());
        response.onNext(com.bi.proto.sys.v1.User.newBuilder()
                .setId(user.id())
                .setUsername(user.username())
                .setDisplayName(user.displayName() == null ? "" : user.displayName())
                .addAllRoles(user.roles())
                .setEnabled(user.enabled())
                .build());
        response.onCompleted();
    }
}
