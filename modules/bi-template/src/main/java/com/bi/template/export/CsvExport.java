package com.bi.template.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A rendering as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet programs read CJK shop names right):
 * a title block, then one block per panel — its title and status, its column names, its rows — separated by an
 * empty line. A panel that is not OK has its status and message and no rows.
 */
public final class CsvExport {
    private CsvExport() {
    }

    public static byte[] write(Rendering rendering) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            csv.printRecord(rendering.title(), rendering.range().from(), rendering.range().to(), rendering.timeZone());
            for (PanelResult panel : rendering.panels()) {
                csv.println();
                csv.printRecord(panel.title(), panel.status(), panel.message());
                if (panel.ok()) {
                    csv.printRecord(panel.columns());
                    for (List<String> row : panel.rows()) {
                        csv.printRecord(row);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
