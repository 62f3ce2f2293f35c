package com.bi.common.crud;

/** A tenant-owned row with an id and an optimistic-locking version (the HTTP ETag). */
public interface Versioned {
    long id();

    long version();
}
