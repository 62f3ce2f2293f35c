package com.bi.basic.domain;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** What a client sends to create or replace a category. */
public record CategoryDraft(String name, Long parentId) {
    public CategoryDraft {
        name = Drafts.text("name", name, 80);
        if (parentId != null && parentId <= 0) {
            throw ApiException.badRequest("parent_id", "parent_id must be a positive id; got " + parentId);
        }
    }
}
