package com.bi.basic;

import com.bi.basic.api.BasicGrpcService;
import com.bi.basic.api.BasicRoutes;
import com.bi.basic.data.JdbcCategoryRepository;
import com.bi.basic.data.JdbcDictionaryRepository;
import com.bi.basic.data.JdbcProductRepository;
import com.bi.basic.data.JdbcShopRepository;
import com.bi.basic.domain.MasterData;
import com.bi.basic.domain.ShopQuota;
import com.bi.basic.data.TenantShopQuota;
import com.bi.common.data.Jdbc;
import com.bi.common.grpc.GrpcServices;
import com.bi.common.server.ServiceKit;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-basic: master data (shops, products/SKUs, categories, dictionaries). HTTP 8003, gRPC 9003. */
public final class Main {
    public static final String NAME = "bi-basic";

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        MasterData data = masterData(kit);
        return kit.serve(routing -> routing(routing, data), grpc -> grpc(grpc, data));
    }

    /** The use cases over their PostgreSQL repositories (the kit starts the pool and runs the migrations). */
    public static MasterData masterData(ServiceKit kit) {
        Jdbc jdbc = kit.jdbc();
        ShopQuota quota = kit.settings().bool("bi.tenant.status.check", true)
                ? new TenantShopQuota(kit.tenants()) : ShopQuota.UNLIMITED;
        return new MasterData(new JdbcShopRepository(jdbc), new JdbcCategoryRepository(jdbc),
                new JdbcProductRepository(jdbc), new JdbcDictionaryRepository(jdbc), quota);
    }

    public static void routing(HttpRouting.Builder routing, MasterData data) {
        BasicRoutes.register(routing, data);
    }

    public static void grpc(GrpcRouting.Builder grpc, MasterData data) {
        // unparsable requests answer INVALID_ARGUMENT instead of hanging the call
        grpc.service(GrpcServices.guarded(new BasicGrpcService(data)));
    }
}
