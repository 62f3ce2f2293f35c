package com.bi.basic.domain;

/** Whether a shop or product takes part in syncs and reports. */
public enum Status { ACTIVE, DISABLED }
