package com.bi.template;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** bi-template's own options: rendering deadlines, chart size and fonts, the per-tenant cap. */
public record TemplateOptions(Duration panelTimeout, int maxPerTenant, int chartWidth, int chartHeight, List<String> chartFonts,
                              Duration zoneTtl) {
    public static final Option<Duration> PANEL_TIMEOUT = Option.duration("bi.template.panel.timeout", Duration.ofSeconds(10),
            Duration.ofMillis(50), Duration.ofMinutes(5),
            "how long a rendering waits for each panel's query (they run in parallel); a panel still running is marked TIMEOUT");
    public static final Option<Integer> MAX_PER_TENANT = Option.integer("bi.template.max.per.tenant", 500, 1, 100_000,
            "templates one tenant may have");
    public static final Option<Integer> CHART_WIDTH = Option.integer("bi.template.chart.width", 800, 200, 4000,
            "width of a PNG chart").unit("px");
    public static final Option<Integer> CHART_HEIGHT = Option.integer("bi.template.chart.height", 450, 150, 4000,
            "height of a PNG chart").unit("px");
    public static final Option<String> CHART_FONTS = Option.string("bi.template.chart.fonts",
            "Noto Sans CJK SC,WenQuanYi Micro Hei,WenQuanYi Zen Hei,Source Han Sans SC,Droid Sans Fallback",
            "font families for chart text, the first installed one that shows CJK text is used (comma-separated)");
    public static final Option<Duration> ZONE_TTL = Option.duration("bi.template.zone.ttl", Duration.ofMinutes(1),
            Duration.ZERO, Duration.ofHours(1), "how long the tenant's time zone (asked of bi-analysis) is reused");

    public static final OptionGroup GROUP = OptionGroup.of("bi-template", "bi-template", PANEL_TIMEOUT, MAX_PER_TENANT,
            CHART_WIDTH, CHART_HEIGHT, CHART_FONTS, ZONE_TTL);

    /** What bi-template reads beyond the kit. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-template", GROUP);

    public static TemplateOptions from(Settings s) {
        List<String> fonts = Arrays.stream(s.get(CHART_FONTS).split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
        return new TemplateOptions(s.get(PANEL_TIMEOUT), s.get(MAX_PER_TENANT), s.get(CHART_WIDTH), s.get(CHART_HEIGHT), fonts,
                s.get(ZONE_TTL));
    }
}
