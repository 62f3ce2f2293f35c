package com.bi.basic.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.basic.domain.MasterData;
import com.bi.basic.domain.Platform;
import com.bi.basic.domain.Product;
import com.bi.basic.domain.Shop;
import com.bi.basic.domain.Source;
import com.bi.basic.domain.Status;
import com.bi.common.crud.CrudResource;
import com.bi.common.crud.PageRequest;
import com.bi.common.grpc.GrpcEdge;
import com.bi.proto.basic.v1.BasicServiceGrpc;
import com.bi.proto.basic.v1.GetProductRequest;
import com.bi.proto.basic.v1.GetShopRequest;
import com.bi.proto.basic.v1.ListProductsRequest;
import com.bi.proto.basic.v1.ListProductsResponse;
import com.bi.proto.basic.v1.ListShopsRequest;
import com.bi.proto.basic.v1.ListShopsResponse;
import com.bi.proto.basic.v1.Sku;
import io.grpc.stub.StreamObserver;

/** gRPC for other services: shops and products of the caller's tenant (tenant from the token, never the request). */
public final class BasicGrpcService extends BasicServiceGrpc.BasicServiceImplBase {
    private final MasterData data;

    public BasicGrpcService(MasterData data) {
        this.data = data;
    }

    @Override
    public void getShop(GetShopRequest request, StreamObserver<com.bi.proto.basic.v1.Shop> response) {
        response.onNext(toProto(data.shops().get(GrpcEdge.caller().tenantId(), request.getId())));
        response.onCompleted();
    }

    @Override
    public void listShops(ListShopsRequest request, StreamObserver<ListShopsResponse> response) {
        Map<String, Object> filters = new LinkedHashMap<>();
        if (!request.getPlatform().isEmpty()) {
            filters.put("platform", CrudResource.enumFilter("platform", Platform.class).apply(request.getPlatform()));
        }
        if (!request.getSource().isEmpty()) {
            filters.put("source", CrudResource.enumFilter("source", Source.class).apply(request.getSource()));
        }
        if (!request.getExternalId().isEmpty()) {
            filters.put("external_id", request.getExternalId());
        }
        var shops = data.shops().list(GrpcEdge.caller().tenantId(), filters, page(request.getPage(), request.getSize()));
        response.onNext(ListShopsResponse.newBuilder()
                .addAllShops(shops.items().stream().map(BasicGrpcService::toProto).toList())
                .setTotal(shops.total())
                .build());
        response.onCompleted();
    }

    @Override
    public void getProduct(GetProductRequest request, StreamObserver<com.bi.proto.basic.v1.Product> response) {
        response.onNext(toProto(data.products().get(GrpcEdge.caller().tenantId(), request.getId())));
        response.onCompleted();
    }

    @Override
    public void listProducts(ListProductsRequest request, StreamObserver<ListProductsResponse> response) {
        Map<String, Object> filters = new LinkedHashMap<>();
        if (!request.getStatus().isEmpty()) {
            filters.put("status", CrudResource.enumFilter("status", Status.class).apply(request.getStatus()));
        }
        var products = data.products().list(GrpcEdge.caller().tenantId(), filters, page(request.getPage(), request.getSize()));
        response.onNext(ListProductsResponse.newBuilder()
                .addAllProducts(products.items().stream().map(BasicGrpcService::toProto).toList())
                .setTotal(products.total())
                .build());
        response.onCompleted();
    }

    /** proto3's zero means "not set": page 1, the default size; anything else is checked like the HTTP list's. */
    private static PageRequest page(int page, int size) {
        return new PageRequest(page == 0 ? 1 : page, size == 0 ? PageRequest.DEFAULT_SIZE : size);
    }

    private static com.bi.proto.basic.v1.Product toProto(Product product) {
        return com.bi.proto.basic.v1.Product.newBuilder()
                .setId(product.id())
                .setCode(product.code())
                .setName(product.name())
                .setCategoryId(product.categoryId() == null ? 0 : product.categoryId())
                .setStatus(product.status().name())
                .addAllSkus(product.skus().stream().map(s -> Sku.newBuilder().setCode(s.code()).setName(s.name())
                        .setPrice(s.price().toPlainString()).build()).toList())
                .setVersion(product.version())
                .build();
    }

    private static com.bi.proto.basic.v1.Shop toProto(Shop shop) {
        return com.bi.proto.basic.v1.Shop.newBuilder()
                .setId(shop.id())
                .setName(shop.name())
                .setPlatform(shop.platform().name())
                .setSource(shop.source().name())
                .setExternalId(shop.externalId())
                .setStatus(shop.status().name())
                .setVersion(shop.version())
                .build();
    }
}
