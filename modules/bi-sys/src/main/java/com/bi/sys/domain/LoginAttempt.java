package com.bi.sys.domain;

import java.time.Instant;

/**
 * A login attempt reserved before the password is checked: {@code allowed} false = the name is locked (nothing may
 * be verified); otherwise the attempt is already counted as a failure ({@code failedLogins} in a row, locked until
 * {@code lockedUntil} when that reached the limit) and a correct password clears it.
 */
public record LoginAttempt(boolean allowed, int failedLogins, Instant lockedUntil) {
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
