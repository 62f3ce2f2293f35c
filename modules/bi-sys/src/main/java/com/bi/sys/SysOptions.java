package com.bi.sys;

import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** bi-sys's own options: password hashing and policy, lockout, refresh tokens, the tokens it signs, the first admin. */
public record SysOptions(int argon2MemoryKib, int argon2Iterations, int argon2MaxConcurrent, Duration argon2MaxWait,
                         int passwordMinLength, int lockoutAttempts, Duration lockoutDuration, Duration refreshTtl,
                         Duration accessTtl, String gatewayKey, boolean kidHeader, Optional<String> bootstrapAdminPassword) {
    public static final Option<Integer> ARGON2_MEMORY_KIB = Option.integer("bi.sys.argon2.memory.kib", 19456, 1024, 1048576,
            "Argon2id memory per hash").unit("KiB");
    public static final Option<Integer> ARGON2_ITERATIONS = Option.integer("bi.sys.argon2.iterations", 2, 1, 20,
            "Argon2id passes per hash");
    public static final Option<Integer> ARGON2_MAX_CONCURRENT = Option.integer("bi.sys.argon2.max.concurrent", 4, 1, 1024,
            "password hashes computed at once (each holds its memory)");
    public static final Option<Duration> ARGON2_MAX_WAIT = Option.duration("bi.sys.argon2.max.wait", Duration.ofSeconds(2),
            Duration.ZERO, Duration.ofSeconds(30), "how long a login waits for a hashing slot before a 503");
    public static final Option<Integer> PASSWORD_MIN_LENGTH = Option.integer("bi.sys.password.min.length", 12, 8, 128,
            "shortest password accepted").unit("characters");
    public static final Option<Integer> LOCKOUT_ATTEMPTS = Option.integer("bi.sys.lockout.attempts", 5, 1, 100,
            "failed logins in a row before the account locks");
    public static final Option<Duration> LOCKOUT_DURATION = Option.duration("bi.sys.lockout.duration", Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofDays(1), "how long a locked account stays locked");
    public static final Option<Duration> REFRESH_TTL = Option.duration("bi.sys.refresh.ttl", Duration.ofDays(7),
            Duration.ofMinutes(1), Duration.ofDays(90), "lifetime of a refresh token");
    public static final Option<Duration> ACCESS_TTL = Option.duration("bi.jwt.access.ttl", Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(12), "lifetime of an access token bi-sys signs");
    public static final Option<String> GATEWAY_KEY = Option.string("bi.jwt.gateway.key", "bi-sys",
            "the key claim the gateway's jwt-auth plugin finds its consumer by");
    public static final Option<Boolean> KID_HEADER = Option.bool("bi.jwt.kid.header", true,
            "put the signing key's id in the token header (rotation)");
    public static final Option<String> BOOTSTRAP_ADMIN_PASSWORD = Option.string("bi.bootstrap.admin.password", null,
            "on first start, creates platform/admin with this password; unset: no operator is created").secret();
    public static final Option<Duration> AUDIT_RETENTION = Option.duration("bi.sys.audit.retention", Duration.ofDays(365),
            Duration.ofDays(7), Duration.ofDays(3650), "audit entries are deleted this long after they were written (bi-cron retention)");

    public static final OptionGroup GROUP = OptionGroup.of("bi-sys", "bi-sys", ARGON2_MEMORY_KIB, ARGON2_ITERATIONS,
            ARGON2_MAX_CONCURRENT, ARGON2_MAX_WAIT, PASSWORD_MIN_LENGTH, LOCKOUT_ATTEMPTS, LOCKOUT_DURATION, REFRESH_TTL,
            ACCESS_TTL, GATEWAY_KEY, KID_HEADER, BOOTSTRAP_ADMIN_PASSWORD, AUDIT_RETENTION);

    /** What bi-sys reads beyond the kit. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-sys", GROUP);

    public static SysOptions from(Settings s) {
        return new SysOptions(s.get(ARGON2_MEMORY_KIB), s.get(ARGON2_ITERATIONS), s.get(ARGON2_MAX_CONCURRENT),
                s.get(ARGON2_MAX_WAIT), s.get(PASSWORD_MIN_LENGTH), s.get(LOCKOUT_ATTEMPTS), s.get(LOCKOUT_DURATION),
                s.get(REFRESH_TTL), s.get(ACCESS_TTL), s.get(GATEWAY_KEY), s.get(KID_HEADER), s.optional(BOOTSTRAP_ADMIN_PASSWORD));
    }

    @Override
    public String toString() {
        return "SysOptions[argon2MemoryKib=" + argon2MemoryKib + ", accessTtl=" + accessTtl + ", bootstrapAdminPassword="
                + (bootstrapAdminPassword.isPresent() ? "***" : "none") + "]";
    }
}
