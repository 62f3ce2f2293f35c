package com.bi.basic.domain;

import java.util.List;

import com.bi.common.crud.CrudRepository;

/**
 * Categories in storage. {@link #update} keeps the tree a tree under concurrency: the check that the new parent is
 * not the category itself or one of its descendants and the update are one decision (moves within a tenant are
 * serialized), so two concurrent moves can never close a loop; it refuses such a move with a 400 on
 * {@code parent_id}.
 */
public interface CategoryRepository extends CrudRepository<Category, CategoryDraft> {
    /**
     * The ids from category {@code id} up through its ancestors, at most {@code limit} of them (a bound, so a loop
     * left in stored data ends the walk too); empty when the category does not exist in the tenant.
     */
    List<Long> ancestors(String tenantId, long id, int limit);
}
