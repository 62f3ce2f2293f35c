package com.bi.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.bi.hostile.HttpCorpus.Case;
import com.bi.hostile.HttpCorpus.Expect;
import com.bi.hostile.RawHttp.Request;

import static com.bi.hostile.HttpCorpus.bytes;
import static com.bi.hostile.HttpCorpus.concat;
import static com.bi.hostile.HttpCorpus.withBody;

/**
 * The malformed bodies for a route that takes {@code text/csv}: its sample (a header line and one data row) with
 * wrong columns, bad numbers and dates in each column, broken quoting, huge rows and files, other encodings and byte
 * order marks, each case differing from the sample in one thing.
 */
final class CsvCorpus {
    /** Cell values that replace one column of the data row at a time (CSV text: quoted where the value needs it). */
    static final Map<String, String> CELLS = cells();

    private static Map<String, String> cells() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("empty", "");
        v.put("blank", "   ");
        v.put("quoted empty", "\"\"");
        v.put("zero", "0");
        v.put("negative", "-1");
        v.put("long max + 1", "9223372036854775808");
        v.put("99 digits", "9".repeat(99));
        v.put("huge exponent", "1e999999999");
        v.put("fraction", "0.001");
        v.put("decimal comma", "\"1,5\"");
        v.put("thousands separator", "\"1,000,000.00\"");
        v.put("NaN", "NaN");
        v.put("Infinity", "Infinity");
        v.put("hex", "0x10");
        v.put("plus sign", "+1");
        v.put("underscore digits", "1_000");
        v.put("full-width digits", "１２３");
        v.put("text", "abc");
        v.put("far future month", "+999999999-12");
        v.put("month 13", "2026-13");
        v.put("year 0", "0000-01");
        v.put("a date, not a month", "2026-01-15");
        v.put("formula", "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        v.put("SQL", "' OR '1'='1");
        v.put("NUL", "a\u0000b");
        v.put("control chars", "\u0001\u0007\u001b");
        v.put("bidi and emoji", "adm\u202ein\ud83d\udca9");
        v.put("100k text", "x".repeat(100_000));
        v.put("quoted newline", "\"1\n2\"");
        return v;
    }

    private CsvCorpus() {
    }

    static List<Case> cases(Request base, String sample, UnaryOperator<Request> auth) {
        List<Case> cases = new ArrayList<>();
        String[] lines = sample.strip().split("\n");
        String header = lines[0];
        String row = lines[1];
        List<String> columns = List.of(header.split(",", -1));
        List<String> values = List.of(row.split(",", -1));
        String type = HttpCorpus.CSV;

        for (String other : List.of("text/plain", "application/json", "text/csv; charset=UTF-16", "text/csv; charset=ISO-8859-1",
                "multipart/form-data; boundary=x", "////")) {
            cases.add(body("content-type " + other, base, bytes(sample), other, auth));
        }
        cases.add(body("no content type", base, bytes(sample), null, auth));
        cases.add(body("UTF-16 bytes", base, sample.getBytes(StandardCharsets.UTF_16), type, auth));
        cases.add(body("UTF-16LE without BOM", base, sample.getBytes(StandardCharsets.UTF_16LE), type, auth));
        cases.add(body("UTF-8 byte order mark", base, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes(sample)), type, auth));
        cases.add(body("two byte order marks", base, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, (byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                bytes(sample)), type, auth));
        cases.add(body("byte order mark before the row", base, bytes(header + "\n\uFEFF" + row + "\n"), type, auth));
        cases.add(body("Latin-1 bytes", base, (header + "\n" + row.replace(values.getLast(), "caf\u00e9") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1), type, auth));
        for (Map.Entry<String, byte[]> raw : Map.of(
                "invalid UTF-8 0xFF", new byte[] {(byte) 0xff, (byte) 0xfe},
                "overlong UTF-8", new byte[] {(byte) 0xc0, (byte) 0xaf},
                "UTF-8 surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "truncated UTF-8", new byte[] {(byte) 0xe4, (byte) 0xb8},
                "raw NUL", new byte[] {0}).entrySet()) {
            for (int i = 0; i < columns.size(); i += columns.size() - 1) {
                byte[] body = HttpCorpus.replace(bytes(header + "\n" + with(values, i, "MARK") + "\n"), "MARK", raw.getValue());
                cases.add(body("column " + columns.get(i) + ": " + raw.getKey(), base, body, type, auth));
            }
            cases.add(body("header: " + raw.getKey(), base, HttpCorpus.replace(bytes("MARK" + sample), "MARK", raw.getValue()), type, auth));
        }

        // the file's shape
        cases.add(body("empty", base, new byte[0], type, auth));
        cases.add(body("only a newline", base, bytes("\n"), type, auth));
        cases.add(body("header only", base, bytes(header + "\n"), type, auth));
        cases.add(body("row only, no header", base, bytes(row + "\n"), type, auth));
        cases.add(body("header twice", base, bytes(header + "\n" + header + "\n" + row + "\n"), type, auth));
        cases.add(body("same row twice", base, bytes(header + "\n" + row + "\n" + row + "\n"), type, auth));
        cases.add(body("blank lines", base, bytes("\n\n" + header + "\n\n" + row + "\n\n"), type, auth));
        cases.add(body("CR line ends", base, bytes(header + "\r" + row + "\r"), type, auth));
        cases.add(body("no final newline", base, bytes(header + "\n" + row), type, auth));
        cases.add(body("semicolons", base, bytes(header.replace(',', ';') + "\n" + row.replace(',', ';') + "\n"), type, auth));
        cases.add(body("tabs", base, bytes(header.replace(',', '\t') + "\n" + row.replace(',', '\t') + "\n"), type, auth));
        cases.add(body("header upper case", base, bytes(header.toUpperCase() + "\n" + row + "\n"), type, auth));
        cases.add(body("header padded", base, bytes(String.join(" , ", columns) + "\n" + row + "\n"), type, auth));
        cases.add(body("header quoted", base, bytes("\"" + String.join("\",\"", columns) + "\"\n" + row + "\n"), type, auth));
        cases.add(body("columns reversed", base, bytes(String.join(",", columns.reversed()) + "\n" + String.join(",", values.reversed()) + "\n"),
                type, auth));
        cases.add(body("unknown column", base, bytes(header + ",zz_unknown\n" + row + ",1\n"), type, auth));
        cases.add(body("duplicate column", base, bytes(header + "," + columns.getFirst() + "\n" + row + "," + values.getFirst() + "\n"), type, auth));
        cases.add(body("empty column name", base, bytes(header + ",\n" + row + ",1\n"), type, auth));
        cases.add(body("row with a cell too many", base, bytes(header + "\n" + row + ",extra\n"), type, auth));
        cases.add(body("row with a cell too few", base, bytes(header + "\n" + String.join(",", values.subList(0, values.size() - 1)) + "\n"), type, auth));
        cases.add(body("row of one cell", base, bytes(header + "\n" + values.getFirst() + "\n"), type, auth));
        cases.add(body("row of commas", base, bytes(header + "\n" + ",".repeat(columns.size() - 1) + "\n"), type, auth));
        for (int i = 0; i < columns.size(); i++) {
            List<String> fewer = new ArrayList<>(columns);
            fewer.remove(i);
            List<String> cells = new ArrayList<>(values);
            cells.remove(i);
            cases.add(body("column " + columns.get(i) + " missing", base, bytes(String.join(",", fewer) + "\n" + String.join(",", cells) + "\n"),
                    type, auth));
        }

        // quoting
        cases.add(body("unterminated quote", base, bytes(header + "\n\"" + row + "\n"), type, auth));
        cases.add(body("quote inside a bare cell", base, bytes(header + "\n" + with(values, 0, "1\"2") + "\n"), type, auth));
        cases.add(body("text after a closing quote", base, bytes(header + "\n" + with(values, 0, "\"" + values.getFirst() + "\"x") + "\n"), type, auth));
        cases.add(body("escaped quotes only", base, bytes(header + "\n" + with(values, values.size() - 1, "\"\"\"\"\"\"") + "\n"), type, auth));
        cases.add(body("quoted row", base, bytes(header + "\n\"" + row + "\"\n"), type, auth));
        cases.add(body("backslash escapes", base, bytes(header + "\n" + with(values, values.size() - 1, "\"a\\\"b\"") + "\n"), type, auth));

        // size
        cases.add(body("a 1 MB cell", base, bytes(header + "\n" + with(values, values.size() - 1, "n".repeat(1 << 20)) + "\n"), type, auth));
        cases.add(body("a row of 100k cells", base, bytes(header + "\n" + row + ",1".repeat(100_000) + "\n"), type, auth));
        cases.add(body("a header of 100k columns", base, bytes(header + ",c".repeat(100_000) + "\n" + row + "\n"), type, auth));
        cases.add(body("5,000 copies of the row", base, bytes(header + "\n" + (row + "\n").repeat(5_000)), type, auth));
        cases.add(body("100k empty lines", base, bytes(header + "\n" + "\n".repeat(100_000) + row + "\n"), type, auth));
        cases.add(body("2 MB of text", base, bytes(header + "\n" + (row + "\n").repeat(2 * 1024 * 1024 / (row.length() + 1))), type, auth));

        // each column of the row, one at a time
        for (int i = 0; i < columns.size(); i++) {
            for (Map.Entry<String, String> cell : CELLS.entrySet()) {
                cases.add(body("column " + columns.get(i) + " = " + cell.getKey(), base,
                        bytes(header + "\n" + with(values, i, cell.getValue()) + "\n"), type, auth));
            }
        }
        return cases;
    }

    private static String with(List<String> values, int index, String value) {
        List<String> copy = new ArrayList<>(values);
        copy.set(index, value);
        return String.join(",", copy);
    }

    private static Case body(String name, Request base, byte[] body, String type, UnaryOperator<Request> auth) {
        return new Case("csv: " + name, auth.apply(withBody(base, body, type)), Expect.NO_5XX);
    }
}
