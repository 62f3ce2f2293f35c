package com.bi.common.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The access line's text, and which requests {@code bi.log.access.sample.percent} lets through. */
class AccessLogTest {
    private static Settings settings(Map<String, String> values) {
        return new Settings(ConfigLoader.load(values, Map.of()));
    }

    @Test
    void theLineIsMethodPathStatusAndMillisecondsWithOneDecimal() {
        assertThat(AccessLog.line("GET", "/api/basic/v1/shops/7", 200, 1_234_567), is("GET /api/basic/v1/shops/7 200 1.2ms"));
        assertThat(AccessLog.line("PUT", "/x", 409, 1_250_000), is("PUT /x 409 1.3ms"));   // half up, as %.1f did
        assertThat(AccessLog.line("GET", "/x", 200, 0), is("GET /x 200 0.0ms"));
        assertThat(AccessLog.line("POST", "/x", 503, 12_345_000_000L), is("POST /x 503 12345.0ms"));
    }

    @Test
    void everyRequestIsWrittenByDefault() {
        AccessLog log = AccessLog.fromSettings(settings(Map.of()));
        assertThat(log.samplePercent(), is(100));
        for (int i = 0; i < 1_000; i++) {
            assertThat(log.written(200), is(true));
        }
    }

    @Test
    void sampledLogsWriteAShareOfSuccessesAndEveryFailure() {
        AccessLog none = AccessLog.fromSettings(settings(Map.of(AccessLog.SAMPLE_KEY, "0")));
        AccessLog tenth = AccessLog.sampled(10);
        int tenthWritten = 0;
        for (int i = 0; i < 20_000; i++) {
            assertThat(none.written(200), is(false));
            assertThat(none.written(302), is(false));
            assertThat(none.written(404), is(true));
            assertThat(none.written(500), is(true));
            assertThat(tenth.written(400), is(true));
            tenthWritten += tenth.written(200) ? 1 : 0;
        }
        // 10% of 20,000 is 2,000 (standard deviation ~42): far from both 0 and every request
        assertThat(tenthWritten, allOf(greaterThan(1_600), lessThan(2_400)));
    }

    @Test
    void aSampleOutside0To100StopsTheStartNamingTheKey() {
        for (String bad : List.of("101", "-1", "half")) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> AccessLog.fromSettings(settings(Map.of(AccessLog.SAMPLE_KEY, bad))));
            assertThat(e.getMessage(), containsString(AccessLog.SAMPLE_KEY));
        }
    }

    @Test
    void aWrittenRequestIsAnInfoRecordOfTheAccessLogger() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger(AccessLog.LOGGER);
        Level before = access.getLevel();
        access.addHandler(capture);
        access.setLevel(Level.INFO);
        try {
            AccessLog.sampled(0).request("GET", "/api/a", 200, 2_000_000);   // sampled out
            AccessLog.sampled(0).request("GET", "/api/b", 404, 3_000_000);   // failures always
            AccessLog.everyRequest().request("GET", "/api/c", 200, 4_000_000);
            access.setLevel(Level.WARNING);
            AccessLog.everyRequest().request("GET", "/api/d", 500, 5_000_000); // INFO is off for "access"
        } finally {
            access.removeHandler(capture);
            access.setLevel(before);
        }
        assertThat(records.stream().map(LogRecord::getMessage).toList(),
                is(List.of("GET /api/b 404 3.0ms", "GET /api/c 200 4.0ms")));
        assertThat(records.get(0).getLevel(), is(Level.INFO));
    }
}
