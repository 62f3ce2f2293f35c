package com.bi.basic;

import com.bi.basic.api.BasicGrpcService;
import com.bi.basic.api.BasicRoutes;
import com.bi.basic.data.JdbcCategoryRepository;
import com.bi.basic.data.JdbcDictionaryRepository;
import com.bi.basic.data.JdbcProductRepository;
import com.bi.basic.data.JdbcShopRepository;
import com.bi.basic.data.TenantShopQuota;
import com.bi.basic.domain.MasterData;
import com.bi.basic.domain.ShopQuota;
import com.bi.common.data.Jdbc;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;

/** bi-basic, declared: master data (shops, products/SKUs, categories, dictionaries) over PostgreSQL. */
public final class BasicService extends DeclaredService {
    public static final String NAME = BasicOptions.CATALOG.service();

    public BasicService() {
        super(BasicOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        MasterData data = masterData(platform.jdbc(), platform.tenantCheck()
                ? new TenantShopQuota(platform.tenants()) : ShopQuota.UNLIMITED);
        return Wiring.builder(data)
                .http(routing -> BasicRoutes.register(routing, data))
                .grpc(new BasicGrpcService(data))
                .build();
    }

    /** The use cases over their PostgreSQL repositories; {@code quota} caps shops per tenant. */
    static MasterData masterData(Jdbc jdbc, ShopQuota quota) {
        return new MasterData(new JdbcShopRepository(jdbc), new JdbcCategoryRepository(jdbc),
                new JdbcProductRepository(jdbc), new JdbcDictionaryRepository(jdbc), quota);
    }
}
