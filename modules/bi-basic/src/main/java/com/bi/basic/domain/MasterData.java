package com.bi.basic.domain;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.CrudUseCase;
import com.bi.common.error.ApiException;

/**
 * bi-basic's use cases: the four master-data resources, with the rules that cross them (a product's category and a
 * category's parent must exist in the same tenant; a category cannot be its own ancestor, and a tree has at most
 * {@value #MAX_CATEGORY_DEPTH} levels; a tenant's shops stay within its plan's quota). The repositories make the
 * quota and the tree rule hold under concurrent requests too.
 */
public final class MasterData {
    private final CrudUseCase<Shop, ShopDraft> shops;
    private final CrudUseCase<Category, CategoryDraft> categories;
    private final CrudUseCase<Product, ProductDraft> products;
    private final CrudUseCase<Dictionary, DictionaryDraft> dictionaries;

    /** How deep a category tree may be (also the bound of every walk up a tree). */
    public static final int MAX_CATEGORY_DEPTH = 100;

    public MasterData(ShopRepository shopRepository,
                      CategoryRepository categoryRepository,
                      CrudRepository<Product, ProductDraft> productRepository,
                      CrudRepository<Dictionary, DictionaryDraft> dictionaryRepository,
                      ShopQuota shopQuota) {
        this.shops = new CrudUseCase<>("shop", shopRepository) {
            @Override
            public Shop create(String tenantId, ShopDraft draft) {
                validate(tenantId, draft, Optional.empty());
                OptionalInt max = shopQuota.maxShops(tenantId);
                if (max.isEmpty()) {
                    return shopRepository.insert(tenantId, draft);
                }
                return shopRepository.insertWithinQuota(tenantId, draft, max.getAsInt()).orElseThrow(() ->
                        ApiException.conflict("tenant '" + tenantId + "' has reached its quota of " + max.getAsInt()
                                + " shops; delete one or ask an operator for a larger plan"));
            }
        };
        this.categories = new CrudUseCase<>("category", categoryRepository) {
            @Override
            protected void validate(String tenantId, CategoryDraft draft, Optional<Category> current) {
                if (draft.parentId() == null) {
                    return;
                }
                long parent = draft.parentId();
                List<Long> chain = categoryRepository.ancestors(tenantId, parent, MAX_CATEGORY_DEPTH + 1);
                if (chain.isEmpty()) {
                    throw ApiException.badRequest("parent_id", "parent category " + parent + " does not exist");
                }
                if (current.isPresent() && chain.contains(current.get().id())) {
                    throw ApiException.badRequest("parent_id", "a category cannot be placed under itself or its descendants");
                }
                if (chain.size() >= MAX_CATEGORY_DEPTH) {
                    // also what a loop left in stored data looks like: the bounded walk never reaches a root
                    throw ApiException.badRequest("parent_id", "parent category " + parent + " is " + MAX_CATEGORY_DEPTH
                            + " or more levels deep (or in a loop); a category tree has at most " + MAX_CATEGORY_DEPTH + " levels");
                }
            }
        };
        this.products = new CrudUseCase<>("product", productRepository) {
            @Override
            protected void validate(String tenantId, ProductDraft draft, Optional<Product> current) {
                if (draft.categoryId() != null && categoryRepository.find(tenantId, draft.categoryId()).isEmpty()) {
                    throw ApiException.badRequest("category_id", "category " + draft.categoryId() + " does not exist");
                }
            }
        };
        this.dictionaries = new CrudUseCase<>("dictionary entry", dictionaryRepository);
    }

    public CrudUseCase<Shop, ShopDraft> shops() {
        return shops;
    }

    public CrudUseCase<Category, CategoryDraft> categories() {
        return categories;
    }

    public CrudUseCase<Product, ProductDraft> products() {
        return products;
    }

    public CrudUseCase<Dictionary, DictionaryDraft> dictionaries() {
        return dictionaries;
    }
}
