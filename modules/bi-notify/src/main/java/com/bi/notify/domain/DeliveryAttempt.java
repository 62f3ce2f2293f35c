package com.bi.notify.domain;

import java.time.Instant;

/** One attempt in the delivery log. */
public record DeliveryAttempt(Instant attemptedAt, int posts, DeliveryStatus outcome, String error) {
}
