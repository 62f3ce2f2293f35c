package com.bi.chat.domain;

/** The caller's tenant's shops and SKUs (from bi-basic and bi-analysis, with the caller's token). */
public interface Directory {
    Names names(String tenantId);
}
