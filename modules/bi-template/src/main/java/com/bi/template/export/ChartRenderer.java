package com.bi.template.export;

import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import javax.imageio.ImageIO;

import com.bi.template.domain.MetricAnswer;
import com.bi.template.domain.PanelKind;
import com.bi.template.domain.PanelQuery;
import com.bi.template.domain.PanelResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * PNG charts of LINE, BAR and KPI panels, drawn server-side with JFreeChart on a headless AWT (no browser, no
 * display). Text is set in the first installed font family of {@code bi.template.chart.fonts} that can show CJK
 * text, so Chinese shop names render as characters, not boxes; when none is installed the charts still render (in
 * the JDK's SansSerif) and the service logs which fonts it looked for (README "Charts").
 */
public final class ChartRenderer {
    private static final Logger LOG = Logger.getLogger(ChartRenderer.class.getName());
    /** A sample of what charts must show: shop and SKU names are often Chinese. */
    static final String CJK_SAMPLE = "天猫旗舰店淘宝";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final String family;
    private final boolean cjk;
    private final int width;
    private final int height;

    public ChartRenderer(List<String> fontFamilies, int width, int height) {
        this.width = width;
        this.height = height;
        Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        String chosen = null;
        for (String candidate : fontFamilies) {
            if (installed.contains(candidate) && new Font(candidate, Font.PLAIN, 12).canDisplayUpTo(CJK_SAMPLE) == -1) {
                chosen = candidate;
                break;
            }
        }
        this.cjk = chosen != null;
        this.family = cjk ? chosen : Font.SANS_SERIF;
        if (!cjk) {
            LOG.warning("no installed font among " + fontFamilies + " shows CJK text: Chinese names in PNG charts will show as boxes "
                    + "(install one, e.g. Debian fonts-wqy-microhei, or set bi.template.chart.fonts)");
        }
    }

    /** The font family charts are set in. */
    public String fontFamily() {
        return family;
    }

    /** True when that family shows CJK text. */
    public boolean showsCjk() {
        return cjk;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** True for the panels that have a chart (LINE, BAR, KPI); a TABLE has none. */
    public static boolean charted(PanelKind kind) {
        return kind != PanelKind.TABLE;
    }

    /** The panel's chart as PNG; the panel must be OK and charted. */
    public byte[] png(PanelResult panel, PanelQuery query) {
        JFreeChart chart = switch (panel.kind()) {
            case LINE -> ChartFactory.createLineChart(panel.title(), query.dimensions().getFirst(), String.join(", ", query.metrics()),
                    dataset(panel.answer(), query, true), PlotOrientation.VERTICAL, true, false, false);
            case BAR -> ChartFactory.createBarChart(panel.title(), query.dimensions().getFirst(), String.join(", ", query.metrics()),
                    dataset(panel.answer(), query, false), PlotOrientation.VERTICAL, true, false, false);
            case KPI -> ChartFactory.createBarChart(panel.title(), null, panel.kpi().metric(), kpi(panel),
                    PlotOrientation.VERTICAL, false, false, false);
            case TABLE -> throw new IllegalArgumentException("a TABLE panel has no chart");
        };
        theme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage image = chart.createBufferedImage(width, height);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("bi-template");
        theme.setExtraLargeFont(new Font(family, Font.BOLD, 18));
        theme.setLargeFont(new Font(family, Font.BOLD, 14));
        theme.setRegularFont(new Font(family, Font.PLAIN, 12));
        theme.setSmallFont(new Font(family, Font.PLAIN, 10));
        return theme;
    }

    /**
     * Rows to series: with one dimension, one series per metric over the dimension's values; a LINE with a second
     * dimension draws one line per value of it (first metric).
     */
    private static DefaultCategoryDataset dataset(MetricAnswer answer, PanelQuery query, boolean line) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String x = query.dimensions().getFirst();
        String second = query.dimensions().size() > 1 ? query.dimensions().get(1) : null;
        for (MetricAnswer.Row row : answer.rows()) {
            String category = row.dimensions().getOrDefault(x, "");
            if (second != null && line) {
                String metric = query.metrics().getFirst();
                data.addValue(value(row, metric), row.dimensions().getOrDefault(second, ""), category);
            } else {
                String label = second == null ? category : category + " / " + row.dimensions().getOrDefault(second, "");
                for (String metric : query.metrics()) {
                    data.addValue(value(row, metric), metric, label);
                }
            }
        }
        return data;
    }

    private static DefaultCategoryDataset kpi(PanelResult panel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        PanelResult.Kpi kpi = panel.kpi();
        if (kpi.previous() != null) {
            data.addValue(kpi.previous(), kpi.metric(), "previous");
        }
        data.addValue(kpi.value(), kpi.metric(), "current");
        return data;
    }

    private static Number value(MetricAnswer.Row row, String metric) {
        Double v = row.metrics().get(metric);
        return v == null ? 0 : v;
    }
}
