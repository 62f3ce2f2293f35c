package com.bi.basic.domain;

import com.bi.common.crud.Drafts;

/** What a client sends to create or replace a shop. */
public record ShopDraft(String name, Platform platform, Source source, String externalId, Status status) {
    public ShopDraft {
        name = Drafts.text("name", name, 120);
        Drafts.required("platform", platform);
        Drafts.required("source", source);
        externalId = Drafts.code("external_id", externalId, 64);
        status = status == null ? Status.ACTIVE : status;
    }
}
