package com.bi.basic.domain;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** bi-basic's use cases over in-memory repositories: the shop quota, the category tree, cross-record rules, versions. */
class MasterDataUnitTest {
    private final Map<String, Integer> quotas = new HashMap<>();
    private final InMemoryShopRepository shops = new InMemoryShopRepository();
    private final InMemoryCategoryRepository categories = new InMemoryCategoryRepository();
    private final InMemoryCrud<Product, ProductDraft> products = new InMemoryCrud<>((id, d, version, at) ->
            new Product(id, d.code(), d.name(), d.categoryId(), d.status(), d.skus(), version, at, at));
    private final InMemoryCrud<Dictionary, DictionaryDraft> dictionaries = new InMemoryCrud<>((id, d, version, at) ->
            new Dictionary(id, d.type(), d.code(), d.label(), d.sortOrder(), version, at, at));
    private final MasterData data = new MasterData(shops, categories, products, dictionaries,
            tenant -> quotas.containsKey(tenant) ? OptionalInt.of(quotas.get(tenant)) : OptionalInt.empty());

    private static ShopDraft shop(String externalId) {
        return new ShopDraft("Shop " + externalId, Platform.TMALL, Source.JUSHUITAN, externalId, null);
    }

    private static ApiException status(int expected, org.junit.jupiter.api.function.Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertThat(e.getMessage(), e.status(), is(expected));
        return e;
    }

    @Test
    void aTenantsShopsStayWithinItsQuotaAndOtherTenantsAreNotCounted() {
        quotas.put("t1", 2);
        data.shops().create("t1", shop("s1"));
        data.shops().create("t1", shop("s2"));
        ApiException full = status(409, () -> data.shops().create("t1", shop("s3")));
        assertThat(full.getMessage(), containsString("quota of 2"));
        assertThat(shops.count("t1"), is(2L));

        data.shops().create("t2", shop("s1")); // no quota known: unlimited
        data.shops().create("t2", shop("s2"));
        data.shops().create("t2", shop("s3"));
        assertThat(data.shops().list("t2", Map.of(), new PageRequest(1, 50)).total(), is(3L));
    }

    @Test
    void aCategoryParentMustExistInTheSameTenant() {
        Category root = data.categories().create("t1", new CategoryDraft("root", null));
        ApiException missing = status(400, () -> data.categories().create("t2", new CategoryDraft("child", root.id())));
        assertThat(missing.getMessage(), containsString("does not exist"));
        assertThat(data.categories().create("t1", new CategoryDraft("child", root.id())).parentId(), is(root.id()));
    }

    @Test
    void aCategoryCannotMoveUnderItselfOrItsDescendants() {
        Category a = data.categories().create("t1", new CategoryDraft("a", null));
        Category b = data.categories().create("t1", new CategoryDraft("b", a.id()));
        Category c = data.categories().create("t1", new CategoryDraft("c", b.id()));
        status(400, () -> data.categories().replace("t1", a.id(), a.version(), new CategoryDraft("a", a.id())));
        ApiException loop = status(400, () -> data.categories().replace("t1", a.id(), a.version(), new CategoryDraft("a", c.id())));
        assertThat(loop.getMessage(), containsString("descendants"));
        assertThat(data.categories().get("t1", a.id()).parentId(), is((Long) null));
    }

    @Test
    void aTreeHasAtMostTheDeclaredDepth() {
        Category parent = data.categories().create("t1", new CategoryDraft("level-1", null));
        for (int level = 2; level <= MasterData.MAX_CATEGORY_DEPTH; level++) {
            parent = data.categories().create("t1", new CategoryDraft("level-" + level, parent.id()));
        }
        long deepest = parent.id();
        ApiException tooDeep = status(400, () -> data.categories().create("t1", new CategoryDraft("one-more", deepest)));
        assertThat(tooDeep.getMessage(), containsString("at most " + MasterData.MAX_CATEGORY_DEPTH + " levels"));
    }

    @Test
    void aProductsCategoryMustBeTheTenantsOwn() {
        Category theirs = data.categories().create("t2", new CategoryDraft("theirs", null));
        ProductDraft draft = new ProductDraft("P-1", "Shoe", theirs.id(), null, List.of(new Sku("SKU-1", "Shoe 42", new BigDecimal("99.00"))));
        ApiException e = status(400, () -> data.products().create("t1", draft));
        assertThat(e.getMessage(), containsString("category " + theirs.id()));
        assertThat(data.products().create("t2", draft).skus().size(), is(1));
    }

    @Test
    void replacesAndDeletesNeedTheCurrentVersionAndAnotherTenantsIdIsMissing() {
        Dictionary entry = data.dictionaries().create("t1", new DictionaryDraft("order_status", "WAIT_SEND", "待发货", null));
        Dictionary changed = data.dictionaries().replace("t1", entry.id(), 1, new DictionaryDraft("order_status", "WAIT_SEND", "Waiting", 1));
        assertThat(changed.version(), is(2L));
        status(412, () -> data.dictionaries().replace("t1", entry.id(), 1, new DictionaryDraft("order_status", "WAIT_SEND", "x", 1)));
        status(412, () -> data.dictionaries().delete("t1", entry.id(), 1L));
        status(404, () -> data.dictionaries().get("t2", entry.id()));
        status(404, () -> data.dictionaries().delete("t2", entry.id(), null));
        data.dictionaries().delete("t1", entry.id(), null);
        status(404, () -> data.dictionaries().get("t1", entry.id()));
    }
}
