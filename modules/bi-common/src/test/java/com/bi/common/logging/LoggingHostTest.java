package com.bi.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process running several services (the launcher) sets logging up once with {@link Logging#host}; the services'
 * own {@link Logging#configure} calls then change nothing (no handler reset, no level or service-name change), and
 * the text format writes one readable, unforgeable line.
 */
class LoggingHostTest {
    @AfterEach
    void release() {
        LogContext.serviceOfThisThread(null);
        Logging.release();
        Logging.configure("bi-common-test", "dev", Level.INFO);
    }

    @Test
    void aHostedProcessKeepsItsLoggingWhenServicesConfigureTheirs() {
        Logging.host("bi-launcher", "dev", Level.INFO, LoggingOptions.Format.TEXT);
        Handler[] hosted = Logger.getLogger("").getHandlers();
        assertEquals(1, hosted.length);
        assertInstanceOf(TextLogFormatter.class, hosted[0].getFormatter());

        Logging.configure("bi-basic", "prod", Level.FINE, LoggingOptions.Format.JSON);

        Handler[] after = Logger.getLogger("").getHandlers();
        assertEquals(1, after.length);
        assertSame(hosted[0], after[0]);
        assertEquals(Level.INFO, Logger.getLogger("").getLevel());
    }

    @Test
    void aHostedServicesThreadsLogUnderItsNameAndOtherThreadsUnderTheHosts() throws Exception {
        Logging.host("bi-launcher", "dev", Level.INFO, LoggingOptions.Format.TEXT);
        String[] seen = new String[4];
        Thread starter = Thread.ofVirtual().start(() -> {
            Logging.configure("bi-basic", "dev", Level.INFO, LoggingOptions.Format.JSON);
            seen[0] = LogContext.service();
            Thread worker = Thread.ofPlatform().start(() -> seen[1] = LogContext.service());
            Thread connection = Thread.ofVirtual().start(() -> {
                seen[2] = LogContext.service();
                LogRecord record = new LogRecord(Level.INFO, "hello");
                record.setLoggerName("com.bi.basic.api.ShopRoutes");
                seen[3] = new TextLogFormatter().format(record) + new JsonLogFormatter().format(record);
            });
            try {
                worker.join();
                connection.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        starter.join();
        assertEquals("bi-basic", seen[0]);
        assertEquals("bi-basic", seen[1], "a thread the service's thread starts");
        assertEquals("bi-basic", seen[2], "a virtual thread the service's thread starts");
        assertTrue(seen[3].contains(" INFO  bi-basic api.ShopRoutes: hello"), seen[3]);
        assertTrue(seen[3].contains("\"service\":\"bi-basic\""), seen[3]);
        assertEquals("bi-launcher", LogContext.service(), "the host's own thread");
        LogRecord record = new LogRecord(Level.INFO, "ready");
        record.setLoggerName("com.bi.launcher.Launcher");
        assertTrue(new TextLogFormatter().format(record).contains(" INFO  launcher.Launcher: ready"));
    }

    @Test
    void withoutAHostEachConfigureSetsTheFormatItAsksFor() {
        Logging.configure("bi-basic", "dev", Level.INFO, LoggingOptions.Format.TEXT);
        assertInstanceOf(TextLogFormatter.class, Logger.getLogger("").getHandlers()[0].getFormatter());
        Logging.configure("bi-basic", "dev", Level.INFO, LoggingOptions.Format.JSON);
        assertInstanceOf(JsonLogFormatter.class, Logger.getLogger("").getHandlers()[0].getFormatter());
        assertEquals("bi-basic", LogContext.service());
    }

    @Test
    void aTextLineIsOneLineWithLevelShortLoggerAndEscapedMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "bad input\nFAKE 00:00:00.000 ERROR forged");
        record.setLoggerName("com.bi.basic.api.ShopRoutes");
        String line = new TextLogFormatter().format(record);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  api\\.ShopRoutes: bad input\\\\nFAKE 00:00:00\\.000 ERROR forged\\n"), line);
        assertEquals("root", TextLogFormatter.shortName(""));
        assertEquals("Main", TextLogFormatter.shortName("Main"));
    }

    @Test
    void theFormatOptionIsJsonUnlessTextIsAskedAndRefusesOtherValues() {
        assertEquals(LoggingOptions.Format.JSON, LoggingOptions.from(settings(Map.of())).format());
        assertEquals(LoggingOptions.Format.TEXT, LoggingOptions.from(settings(Map.of("bi.log.format", "text"))).format());
        InvalidConfigException refused = assertThrows(InvalidConfigException.class,
                () -> LoggingOptions.from(settings(Map.of("bi.log.format", "xml"))));
        assertTrue(refused.getMessage().contains("bi.log.format"), refused.getMessage());
    }

    private static Settings settings(Map<String, String> values) {
        return new Settings(ConfigLoader.load(values, Map.of()));
    }
}
