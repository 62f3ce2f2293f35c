package com.bi.template.domain;

import java.util.List;
import java.util.Set;

import com.bi.template.domain.PanelQuery.Filter;
import com.bi.template.domain.PanelQuery.Sort;

/**
 * The built-in starter templates every tenant can install: a daily sales report, a shop comparison and a SKU
 * ranking. Installed copies are shared with every reading role and editable by admins.
 */
public final class Starters {
    public static final String DAILY_SALES = "daily_sales";
    public static final String SHOP_COMPARISON = "shop_comparison";
    public static final String SKU_RANKING = "sku_ranking";
    public static final Sharing SHARING = new Sharing(Set.of("VIEWER", "ANALYST", "ADMIN"), Set.of("ADMIN"));

    public record Starter(String key, TemplateDraft draft) {
    }

    private static final Variable SHOPS = new Variable("shops", VariableType.SHOPS, null, false);
    private static final Variable PLATFORM = new Variable("platform", VariableType.PLATFORM, null, false);
    private static final List<Filter> SCOPE = List.of(new Filter("shop", "in", List.of("${shops}")),
            new Filter("platform", "in", List.of("${platform}")));

    public static final List<Starter> ALL = List.of(
            new Starter(DAILY_SALES, new TemplateDraft("Daily sales report",
                    "Yesterday's GMV, orders, average order value and buyers against the day before, the last 30 days' trend, "
                            + "shops and the top SKUs: the report for the morning meeting.",
                    TemplateKind.REPORT, List.of(new Variable("range", VariableType.RANGE, "yesterday", false), SHOPS, PLATFORM),
                    List.of(new Panel("kpis", "Sales vs previous period", PanelKind.KPI,
                                    new PanelQuery(List.of("gmv", "orders", "aov", "buyers"), List.of(), SCOPE, "previous_period",
                                            List.of(), null, "${range}")),
                            new Panel("gmv_trend", "GMV, last 30 days", PanelKind.LINE,
                                    new PanelQuery(List.of("gmv"), List.of("day"), SCOPE, null, List.of(new Sort("day", "asc")),
                                            null, "last_30_days")),
                            new Panel("by_shop", "GMV by shop", PanelKind.BAR,
                                    new PanelQuery(List.of("gmv"), List.of("shop"), SCOPE, null, List.of(new Sort("gmv", "desc")),
                                            20, "${range}")),
                            new Panel("top_skus", "Top 10 SKUs", PanelKind.TABLE,
                                    new PanelQuery(List.of("gmv", "units"), List.of("sku"), SCOPE, null, List.of(new Sort("gmv", "desc")),
                                            10, "${range}"))),
                    null, SHARING)),
            new Starter(SHOP_COMPARISON, new TemplateDraft("Shop comparison",
                    "GMV, orders, average order value and refund rate per shop against the previous period, and the daily GMV per shop.",
                    TemplateKind.DASHBOARD, List.of(new Variable("range", VariableType.RANGE, "last_30_days", false), PLATFORM),
                    List.of(new Panel("shops", "Shops vs previous period", PanelKind.TABLE,
                                    new PanelQuery(List.of("gmv", "orders", "aov", "refund_rate"), List.of("shop"),
                                            List.of(new Filter("platform", "in", List.of("${platform}"))), "previous_period",
                                            List.of(new Sort("gmv", "desc")), 100, "${range}")),
                            new Panel("gmv_by_shop", "GMV by shop", PanelKind.BAR,
                                    new PanelQuery(List.of("gmv", "refund_amount"), List.of("shop"),
                                            List.of(new Filter("platform", "in", List.of("${platform}"))), null,
                                            List.of(new Sort("gmv", "desc")), 20, "${range}")),
                            new Panel("daily_by_shop", "Daily GMV per shop", PanelKind.LINE,
                                    new PanelQuery(List.of("gmv"), List.of("day", "shop"),
                                            List.of(new Filter("platform", "in", List.of("${platform}"))), null,
                                            List.of(new Sort("day", "asc")), 2000, "${range}"))),
                    null, SHARING)),
            new Starter(SKU_RANKING, new TemplateDraft("SKU ranking",
                    "The best-selling SKUs by GMV and by units, and the categories they belong to.",
                    TemplateKind.REPORT, List.of(new Variable("range", VariableType.RANGE, "last_7_days", false), SHOPS, PLATFORM),
                    List.of(new Panel("by_gmv", "SKUs by GMV", PanelKind.TABLE,
                                    new PanelQuery(List.of("gmv", "units", "orders", "refund_amount"), List.of("sku"), SCOPE, null,
                                            List.of(new Sort("gmv", "desc")), 50, "${range}")),
                            new Panel("by_units", "Top 10 SKUs by units", PanelKind.BAR,
                                    new PanelQuery(List.of("units"), List.of("sku"), SCOPE, null, List.of(new Sort("units", "desc")),
                                            10, "${range}")),
                            new Panel("categories", "Categories", PanelKind.TABLE,
                                    new PanelQuery(List.of("gmv", "units"), List.of("category"), SCOPE, null,
                                            List.of(new Sort("gmv", "desc")), 20, "${range}"))),
                    null, SHARING)));

    private Starters() {
    }
}
