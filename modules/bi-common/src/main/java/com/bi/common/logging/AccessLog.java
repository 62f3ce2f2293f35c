package com.bi.common.logging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.config.Settings;

/**
 * One line per HTTP request on the {@value #LOGGER} logger ({@code GET /api/basic/v1/shops/7 200 1.4ms}), at INFO, with
 * the request's ids and tenant from the {@link LogContext}. Built with one StringBuilder on the request's thread (no
 * {@code String.format}, no locale); the JSON line is written by the {@link Logging} handler in batches.
 *
 * <p>Under heavy traffic the share of successful requests that are written can be lowered with
 * {@value #SAMPLE_KEY} (0–100, default 100: every request); a request answered 4xx or 5xx is always written.
 */
public final class AccessLog {
    public static final String LOGGER = "access";
    /** Percent (0–100) of successful requests (status below 400) written to the access log; 100 by default. */
    public static final String SAMPLE_KEY = "bi.log.access.sample.percent"; // declared in LoggingOptions

    private static final Logger LOG = Logger.getLogger(LOGGER);

    private final int samplePercent;

    private AccessLog(int samplePercent) {
        if (samplePercent < 0 || samplePercent > 100) {
            throw new IllegalArgumentException("samplePercent must be 0 to 100: " + samplePercent);
        }
        this.samplePercent = samplePercent;
    }

    /** Every request is written. */
    public static AccessLog everyRequest() {
        return new AccessLog(100);
    }

    /** {@code samplePercent} of the successful requests, every failed one. */
    public static AccessLog sampled(int samplePercent) {
        return new AccessLog(samplePercent);
    }

    /** Reads {@value #SAMPLE_KEY} (an integer 0–100; a value outside stops the start with the key named). */
    public static AccessLog fromSettings(Settings settings) {
        return new AccessLog(settings.get(LoggingOptions.ACCESS_SAMPLE_PERCENT));
    }

    public int samplePercent() {
        return samplePercent;
    }

    /** Writes the line of a finished request (when INFO is on for {@value #LOGGER} and the sample takes it). */
    public void request(String method, String path, int status, long nanos) {
        if (!LOG.isLoggable(Level.INFO) || !written(status)) {
            return;
        }
        LOG.info(line(method, path, status, nanos));
    }

    /** Whether a request answered {@code status} is written: always when it failed, else by the sample. */
    boolean written(int status) {
        return status >= 400 || samplePercent >= 100
                || samplePercent > 0 && ThreadLocalRandom.current().nextInt(100) < samplePercent;
    }

    /** {@code METHOD path status 12.3ms}: the duration in milliseconds with one decimal, rounded half up. */
    static String line(String method, String path, int status, long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return new StringBuilder(method.length() + path.length() + 24)
                .append(method).append(' ').append(path).append(' ').append(status).append(' ')
                .append(tenths / 10).append('.').append(tenths % 10).append("ms")
                .toString();
    }
}
