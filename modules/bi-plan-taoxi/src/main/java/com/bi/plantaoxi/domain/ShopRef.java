package com.bi.plantaoxi.domain;

/**
 * A shop as bi-basic knows it: {@code id} (the plan's shop id), its name and platform, and {@code salesKey} — the
 * shop's id at its source (bi-basic's external_id), which is the shop bi-analysis counts orders under.
 */
public record ShopRef(long id, String name, String platform, String salesKey) {
}
