package com.bi.template.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A rendering as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet programs read CJK shop names right):
 * a title block, then one block per panel — its title and status, its column names, its rows — separated by an
 * empty line. A panel that is not OK has its status and message and no rows. Text that a spreadsheet would run as a
 * formula (a shop named {@code =HYPERLINK(...)}) is prefixed with an apostrophe; numeric columns are written as they are.
 */
public final class CsvExport {
    private CsvExport() {
    }

    public static byte[] write(Rendering rendering) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
            csv.printRecord(text(rendering.title()), rendering.range().from(), rendering.range().to(), rendering.timeZone());
            for (PanelResult panel : rendering.panels()) {
                csv.println();
                csv.printRecord(text(panel.title()), panel.status(), text(panel.message()));
                if (panel.ok()) {
                    csv.printRecord(panel.columns());
                    for (List<String> row : panel.rows()) {
                        List<String> cells = new ArrayList<>(row.size());
                        for (int c = 0; c < row.size(); c++) {
                            cells.add(panel.numeric().get(c) ? row.get(c) : text(row.get(c)));
                        }
                        csv.printRecord(cells);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A text cell a spreadsheet shows as text, never evaluates (OWASP "CSV injection"). */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }
}
