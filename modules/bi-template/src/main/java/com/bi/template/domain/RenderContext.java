package com.bi.template.domain;

/**
 * Who a rendering runs for: the tenant (from the caller's token) and the token itself, passed on to bi-analysis so
 * each panel's query runs as the caller (bi-analysis checks it again) — never a tenant taken from a request body.
 */
public record RenderContext(String tenantId, String bearerToken) {
    @Override
    public String toString() {
        return "RenderContext[tenantId=" + tenantId + "]"; // never the token
    }
}
