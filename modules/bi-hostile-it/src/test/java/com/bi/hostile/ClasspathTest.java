package com.bi.hostile;

import java.io.StringReader;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Found by the suite: in a JVM that runs several services (this one, bi-launcher) the Helidon BOM managed commons-io
 * down to 2.16.1, older than commons-csv 1.14.1 needs, so bi-plan-taoxi's CSV import threw NoClassDefFoundError (500).
 * The root pom now manages commons-io to the version commons-csv is built against.
 */
class ClasspathTest {
    @Test
    void commonsCsvParsesWithTheCommonsIoAMultiServiceClasspathResolves() throws Exception {
        try (CSVParser parser = CSVParser.parse(new StringReader("shop_id,month\n1,2026-03\n"),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(1, rows.size());
            assertEquals("2026-03", rows.getFirst().get("month"));
        }
    }
}
