package com.bi.basic.domain;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** What a client sends to create or replace a dictionary entry. */
public record DictionaryDraft(String type, String code, String label, Integer sortOrder) {
    public DictionaryDraft {
        type = Drafts.code("type", type, 64);
        code = Drafts.code("code", code, 64);
        label = Drafts.text("label", label, 200);
        sortOrder = sortOrder == null ? 0 : sortOrder;
        if (sortOrder < 0 || sortOrder > 1_000_000) {
            throw ApiException.badRequest("sort_order", "sort_order must be between 0 and 1000000; got " + sortOrder);
        }
    }
}
