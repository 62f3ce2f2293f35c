package com.bi.basic.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.bi.common.error.ApiException;

/** {@link CategoryRepository} in memory: the bounded walk up the tree, and a move that would close a loop refused. */
public final class InMemoryCategoryRepository extends InMemoryCrud<Category, CategoryDraft> implements CategoryRepository {
    public InMemoryCategoryRepository() {
        super((id, d, version, at) -> new Category(id, d.name(), d.parentId(), version, at, at));
    }

    @Override
    public synchronized List<Long> ancestors(String tenantId, long id, int limit) {
        List<Long> chain = new ArrayList<>();
        Optional<Category> at = find(tenantId, id);
        while (at.isPresent() && chain.size() < limit) {
            chain.add(at.get().id());
            at = at.get().parentId() == null ? Optional.empty() : find(tenantId, at.get().parentId());
        }
        return chain;
    }

    @Override
    public synchronized Optional<Category> update(String tenantId, long id, long expectedVersion, CategoryDraft d) {
        if (d.parentId() != null && ancestors(tenantId, d.parentId(), MasterData.MAX_CATEGORY_DEPTH + 1).contains(id)) {
            throw ApiException.badRequest("parent_id", "a category cannot be placed under itself or its descendants");
        }
        return super.update(tenantId, id, expectedVersion, d);
    }
}
