package com.bi.template;

import com.bi.common.server.Catalog;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.template.api.TemplateGrpcService;
import com.bi.template.api.TemplateRoutes;
import com.bi.template.data.AnalysisMetrics;
import com.bi.template.data.JdbcTemplateRepository;
import com.bi.template.domain.Renderer;
import com.bi.template.domain.Templates;
import com.bi.template.export.ChartRenderer;

/**
 * bi-template, declared: report and dashboard templates in PostgreSQL, rendered by asking bi-analysis (as the
 * caller) for each panel's metrics, exported as CSV, XLSX and PNG charts.
 */
public final class TemplateService extends DeclaredService {
    public static final String NAME = TemplateOptions.CATALOG.service();
    /** {@code /api/template/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();

    public TemplateService() {
        super(TemplateOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        TemplateOptions options = TemplateOptions.from(platform.settings());
        // Query is read-only: retried on UNAVAILABLE
        AnalysisMetrics analysis = new AnalysisMetrics(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"),
                options.zoneTtl(), options.panelTimeout());
        Templates templates = new Templates(new JdbcTemplateRepository(platform.jdbc()),
                new Renderer(analysis, options.panelTimeout()), analysis, platform.clock(), options.maxPerTenant());
        ChartRenderer charts = new ChartRenderer(options.chartFonts(), options.chartWidth(), options.chartHeight());
        return Wiring.builder(templates)
                .http(routing -> TemplateRoutes.register(routing, PREFIX, templates, charts))
                .grpc(new TemplateGrpcService(templates, charts))
                .build();
    }
}
