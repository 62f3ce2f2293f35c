package com.bi.plantaoxi.data;

import java.util.Optional;

import com.bi.plantaoxi.domain.ShopRef;
import com.bi.plantaoxi.domain.ShopDirectory;
import com.bi.proto.basic.v1.BasicServiceGrpc;
import com.bi.proto.basic.v1.GetShopRequest;
import com.bi.proto.basic.v1.Shop;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** bi-basic's GetShop with the caller's token (the kit's peer channel passes it on): the tenant is the caller's. */
public final class GrpcShopDirectory implements ShopDirectory {
    private final BasicServiceGrpc.BasicServiceBlockingStub basic;

    public GrpcShopDirectory(Channel channel) {
        this.basic = BasicServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public Optional<ShopRef> find(long shopId) {
        return PeerCalls.call("bi-basic", () -> {
            try {
                Shop shop = basic.getShop(GetShopRequest.newBuilder().setId(shopId).build());
                return Optional.of(new ShopRef(shop.getId(), shop.getName(), shop.getPlatform(), shop.getExternalId()));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }
}
