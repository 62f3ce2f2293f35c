package com.bi.plantaoxi.api;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.plantaoxi.domain.ImportRow;
import com.bi.plantaoxi.domain.PlanVersion;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The plan CSV (UTF-8, comma, header row): {@code shop_id,month,target_gmv,target_orders[,note]} in; the export adds
 * {@code shop_name,platform,version,changed_by,changed_at}, which an import ignores, so an export imports back. Text
 * cells that a spreadsheet would run as a formula (starting with = + - @) are written with a leading apostrophe,
 * which the import strips again.
 */
final class PlanCsv {
    static final List<String> REQUIRED = List.of("shop_id", "month", "target_gmv", "target_orders");
    static final List<String> EXPORT = List.of("shop_id", "month", "target_gmv", "target_orders", "note", "shop_name",
            "platform", "version", "changed_by", "changed_at");
    private static final Set<String> KNOWN = Set.copyOf(EXPORT);

    private PlanCsv() {
    }

    /** The data rows; a 400 naming the header or the line for a file that is not such a CSV. */
    static List<ImportRow> parse(byte[] body) {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte order mark spreadsheet programs write
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(false).setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW)
                .get();
        List<ImportRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            for (String column : REQUIRED) {
                if (!header.contains(column)) {
                    throw ApiException.badRequest("header", "the CSV header must name the columns " + REQUIRED
                            + " (note optional); " + column + " is missing");
                }
            }
            for (String column : header) {
                if (!KNOWN.contains(column)) {
                    throw ApiException.badRequest("header", "unknown CSV column \"" + shown(column) + "\"; the columns are " + EXPORT);
                }
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1; // the header is line 1
                rows.add(new ImportRow(line, value(record, "shop_id"), value(record, "month"), value(record, "target_gmv"),
                        value(record, "target_orders"), unguard(value(record, "note"))));
            }
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw ApiException.badRequest("body", "the body is not a readable CSV: " + shown(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static String export(List<PlanVersion> plans) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(EXPORT.toArray(String[]::new))
                .setRecordSeparator("\r\n").get())) {
            for (PlanVersion p : plans) {
                printer.printRecord(p.shopId(), p.month().toString(), p.targetGmv().toPlainString(), p.targetOrders(),
                        guard(p.note()), guard(p.shopName()), p.platform(), p.version(), guard(p.changedBy()),
                        p.changedAt().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String value(CSVRecord record, String column) {
        return record.isSet(column) ? record.get(column) : null;
    }

    static String guard(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' ? "'" + text : text;
    }

    static String unguard(String text) {
        if (text != null && text.length() > 1 && text.charAt(0) == '\'' && "=+-@".indexOf(text.charAt(1)) >= 0) {
            return text.substring(1);
        }
        return text;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body", "the CSV must be UTF-8 text");
        }
    }

    private static String shown(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
