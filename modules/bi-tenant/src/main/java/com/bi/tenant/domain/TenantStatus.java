package com.bi.tenant.domain;

/** A tenant is ACTIVE or SUSPENDED; a suspended tenant's users cannot log in and its tokens are refused. */
public enum TenantStatus {
    ACTIVE, SUSPENDED
}
