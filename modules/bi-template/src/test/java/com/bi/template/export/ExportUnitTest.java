package com.bi.template.export;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.bi.template.domain.DateRange;
import com.bi.template.domain.MetricAnswer;
import com.bi.template.domain.PanelKind;
import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exports of a hand-made rendering: formula-looking names stay text, sheet names stay legal and unique, failed panels are listed. */
class ExportUnitTest {
    private static final DateRange DAY = new DateRange(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1));

    private static PanelResult table(String id, String title, List<List<String>> rows) {
        return new PanelResult(id, title, PanelKind.TABLE, PanelResult.Status.OK, "", DAY, List.of("shop", "gmv"), List.of(false, true),
                rows, null, new MetricAnswer(List.of(), Map.of(), Map.of(), "Asia/Shanghai"));
    }

    private static Rendering rendering() {
        return new Rendering("t1", "Sales", DAY, "Asia/Shanghai", List.of(
                table("a", "By shop: top/bottom?", List.of(List.of("=HYPERLINK(\"http://x\")", "-12.50"), List.of("天猫店", "3.00"))),
                table("b", "By shop: top/bottom?", List.of(List.of("@cmd", "1.00"))),
                new PanelResult("c", "Slow", PanelKind.KPI, PanelResult.Status.TIMEOUT, "no answer within 10 ms", DAY, List.of(), List.of(),
                        List.of(), null, null)));
    }

    @Test
    void csvKeepsFormulaLookingTextAsTextAndNumbersAsNumbers() {
        String csv = new String(CsvExport.write(rendering()), StandardCharsets.UTF_8);
        assertThat(csv, containsString("\"'=HYPERLINK(\"\"http://x\"\")\",-12.50"));
        assertThat(csv, containsString("'@cmd,1.00"));
        assertThat(csv, containsString("天猫店,3.00"));
        assertThat(csv, containsString("Slow,TIMEOUT,no answer within 10 ms"));
        assertThat(csv, not(containsString("\n=HYPERLINK")));
    }

    @Test
    void xlsxSheetNamesAreLegalAndUniqueAndFailedPanelsAreListed() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(XlsxExport.write(rendering())))) {
            assertEquals(3, book.getNumberOfSheets());
            for (int i = 1; i < 3; i++) {
                String name = book.getSheetName(i);
                org.junit.jupiter.api.Assertions.assertFalse(name.matches(".*[\\[\\]:*?/\\\\].*"), name + ": [ ] : * ? / \\ are not allowed");
                assertThat(name, containsString("By shop"));
            }
            assertThat(book.getSheetName(2), containsString("(2)"));
            var shop = book.getSheetAt(1).getRow(1).getCell(0);
            assertEquals(CellType.STRING, shop.getCellType(), "text is never a formula");
            assertEquals("=HYPERLINK(\"http://x\")", shop.getStringCellValue());
            assertEquals(-12.5, book.getSheetAt(1).getRow(1).getCell(1).getNumericCellValue(), 1e-9);
            var slow = book.getSheet("Report").getRow(6);
            assertEquals("TIMEOUT", slow.getCell(2).getStringCellValue());
        }
    }
}
