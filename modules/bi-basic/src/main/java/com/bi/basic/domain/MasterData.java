package com.bi.basic.domain;

import java.util.Optional;

import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.CrudUseCase;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;

/**
 * bi-basic's use cases: the four master-data resources, with the rules that cross them (a product's category and a
 * category's parent must exist in the same tenant; a category cannot be its own ancestor; a tenant's shops stay
 * within its plan's quota).
 */
public final class MasterData {
    private final CrudUseCase<Shop, ShopDraft> shops;
    private final CrudUseCase<Category, CategoryDraft> categories;
    private final CrudUseCase<Product, ProductDraft> products;
    private final CrudUseCase<Dictionary, DictionaryDraft> dictionaries;

    public MasterData(CrudRepository<Shop, ShopDraft> shopRepository,
                      CrudRepository<Category, CategoryDraft> categoryRepository,
                      CrudRepository<Product, ProductDraft> productRepository,
                      CrudRepository<Dictionary, DictionaryDraft> dictionaryRepository,
                      ShopQuota shopQuota) {
        this.shops = new CrudUseCase<>("shop", shopRepository) {
            @Override
            protected void validate(String tenantId, ShopDraft draft, Optional<Shop> current) {
                if (current.isPresent()) {
                    return;
                }
                var max = shopQuota.maxShops(tenantId);
                if (max.isPresent() && shopRepository.list(tenantId, java.util.Map.of(), new PageRequest(1, 1)).total() >= max.getAsInt()) {
                    throw ApiException.conflict("tenant '" + tenantId + "' has reached its quota of " + max.getAsInt()
                            + " shops; delete one or ask an operator for a larger plan");
                }
            }
        };
        this.categories = new CrudUseCase<>("category", categoryRepository) {
            @Override
            protected void validate(String tenantId, CategoryDraft draft, Optional<Category> current) {
                Long parent = draft.parentId();
                while (parent != null) {
                    if (current.isPresent() && parent == current.get().id()) {
                        throw ApiException.badRequest("parent_id", "a category cannot be placed under itself or its descendants");
                    }
                    long parentId = parent;
                    parent = categoryRepository.find(tenantId, parentId)
                            .orElseThrow(() -> ApiException.badRequest("parent_id", "parent category " + parentId + " does not exist"))
                            .parentId();
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
