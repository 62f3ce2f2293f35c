package com.bi.template.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A rendering as an XLSX workbook (Apache POI): a first sheet "Report" with the title, the period, the time zone and
 * every panel's status, then one sheet per OK panel with a bold header row and the numbers as numeric cells.
 */
public final class XlsxExport {
    public static final String SUMMARY_SHEET = "Report";

    private XlsxExport() {
    }

    public static byte[] write(Rendering rendering) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            Sheet summary = book.createSheet(SUMMARY_SHEET);
            text(summary.createRow(0), List.of(rendering.title()), bold);
            text(summary.createRow(1), List.of("from", rendering.range().from().toString(), "to", rendering.range().to().toString(),
                    "time zone", rendering.timeZone()), null);
            text(summary.createRow(3), List.of("panel", "title", "status", "message"), bold);
            int r = 4;
            for (PanelResult panel : rendering.panels()) {
                text(summary.createRow(r++), List.of(panel.panelId(), panel.title(), panel.status().name(), panel.message()), null);
            }
            Set<String> names = new HashSet<>(Set.of(SUMMARY_SHEET.toLowerCase(java.util.Locale.ROOT)));
            for (PanelResult panel : rendering.panels()) {
                if (!panel.ok()) {
                    continue;
                }
                Sheet sheet = book.createSheet(sheetName(panel, names));
                text(sheet.createRow(0), panel.columns(), bold);
                int rowIndex = 1;
                for (List<String> values : panel.rows()) {
                    Row row = sheet.createRow(rowIndex++);
                    for (int c = 0; c < values.size(); c++) {
                        Cell cell = row.createCell(c);
                        String value = values.get(c);
                        if (panel.numeric().get(c) && !value.isEmpty()) {
                            cell.setCellValue(Double.parseDouble(value));
                        } else {
                            cell.setCellValue(value);
                        }
                    }
                }
                for (int c = 0; c < panel.columns().size(); c++) {
                    sheet.setColumnWidth(c, 18 * 256);
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The panel's title made a legal, unique sheet name (at most 31 characters, no []:*?/\). */
    private static String sheetName(PanelResult panel, Set<String> taken) {
        String base = WorkbookUtil.createSafeSheetName(panel.title() == null || panel.title().isBlank() ? panel.panelId() : panel.title());
        String name = base;
        for (int i = 2; !taken.add(name.toLowerCase(java.util.Locale.ROOT)); i++) {
            String suffix = " (" + i + ")";
            name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        return name;
    }

    private static void text(Row row, List<String> values, CellStyle style) {
        for (int c = 0; c < values.size(); c++) {
            Cell cell = row.createCell(c);
            cell.setCellValue(values.get(c));
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }
}
