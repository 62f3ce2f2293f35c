package com.bi.basic.api;

import java.util.Map;

import com.bi.basic.domain.CategoryDraft;
import com.bi.basic.domain.DictionaryDraft;
import com.bi.basic.domain.MasterData;
import com.bi.basic.domain.Platform;
import com.bi.basic.domain.ProductDraft;
import com.bi.basic.domain.ShopDraft;
import com.bi.basic.domain.Source;
import com.bi.basic.domain.Status;
import com.bi.common.crud.CrudResource;
import io.helidon.webserver.http.HttpRouting;

import static com.bi.common.crud.CrudResource.enumFilter;
import static com.bi.common.crud.CrudResource.idFilter;
import static com.bi.common.crud.CrudResource.textFilter;

/** bi-basic's HTTP API under {@value #PREFIX}: the four master-data resources and their list filters. */
public final class BasicRoutes {
    public static final String PREFIX = "/api/basic/v1";

    private BasicRoutes() {
    }

    public static void register(HttpRouting.Builder routing, MasterData data) {
        routing.register(PREFIX + "/shops", new CrudResource<>(PREFIX + "/shops", data.shops(), ShopDraft.class, Map.of(
                        "platform", enumFilter("platform", Platform.class),
                        "source", enumFilter("source", Source.class),
                        "status", enumFilter("status", Status.class),
                        "external_id", textFilter("external_id"))))
                .register(PREFIX + "/products", new CrudResource<>(PREFIX + "/products", data.products(), ProductDraft.class, Map.of(
                        "category_id", idFilter("category_id"),
                        "status", enumFilter("status", Status.class),
                        "code", textFilter("code"))))
                .register(PREFIX + "/categories", new CrudResource<>(PREFIX + "/categories", data.categories(), CategoryDraft.class, Map.of(
                        "parent_id", idFilter("parent_id"),
                        "name", textFilter("name"))))
                .register(PREFIX + "/dictionaries", new CrudResource<>(PREFIX + "/dictionaries", data.dictionaries(), DictionaryDraft.class, Map.of(
                        "type", textFilter("type"),
                        "code", textFilter("code"))));
    }
}
