package com.bi.notify.domain;

/**
 * A delivery's state: QUEUED (accepted, not attempted yet), SENT (the channel accepted it), FAILED (the last attempt
 * failed, another one is scheduled), DEAD (no attempts left or a permanent error; only a manual retry sends it again).
 */
public enum DeliveryStatus {
    QUEUED, SENT, FAILED, DEAD
}
