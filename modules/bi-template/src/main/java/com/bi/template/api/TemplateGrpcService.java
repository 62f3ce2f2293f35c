package com.bi.template.api;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.security.Caller;
import com.bi.common.security.CallerToken;
import com.bi.common.security.Roles;
import com.bi.proto.template.v1.GetTemplateRequest;
import com.bi.proto.template.v1.InstallStartersRequest;
import com.bi.proto.template.v1.InstallStartersResponse;
import com.bi.proto.template.v1.Kpi;
import com.bi.proto.template.v1.ListScheduledRequest;
import com.bi.proto.template.v1.ListScheduledResponse;
import com.bi.proto.template.v1.ListTemplatesRequest;
import com.bi.proto.template.v1.ListTemplatesResponse;
import com.bi.proto.template.v1.PanelResult;
import com.bi.proto.template.v1.RenderRequest;
import com.bi.proto.template.v1.RenderResponse;
import com.bi.proto.template.v1.Row;
import com.bi.proto.template.v1.ScheduledReport;
import com.bi.proto.template.v1.TemplateServiceGrpc;
import com.bi.proto.template.v1.TemplateSummary;
import com.bi.template.domain.Panel;
import com.bi.template.domain.PanelQuery;
import com.bi.template.domain.Rendering;
import com.bi.template.domain.Schedule;
import com.bi.template.domain.Template;
import com.bi.template.domain.TemplateKind;
import com.bi.template.domain.TemplateValidation;
import com.bi.template.domain.Templates;
import com.bi.template.domain.Variable;
import com.bi.template.export.ChartRenderer;
import com.bi.template.export.CsvExport;
import com.bi.template.export.XlsxExport;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;

/** template.proto over the same use cases as the HTTP API; the tenant is the caller's, from the token. */
public final class TemplateGrpcService extends TemplateServiceGrpc.TemplateServiceImplBase {
    private static final Set<String> READERS = union(Roles.READ, Set.of(Roles.SERVICE));
    private final Templates templates;
    private final ChartRenderer charts;

    public TemplateGrpcService(Templates templates, ChartRenderer charts) {
        this.templates = templates;
        this.charts = charts;
    }

    @Override
    public void listTemplates(ListTemplatesRequest request, StreamObserver<ListTemplatesResponse> response) {
        Caller caller = reader();
        TemplateKind kind = request.getKind().isEmpty() ? null : kind(request.getKind());
        ListTemplatesResponse.Builder out = ListTemplatesResponse.newBuilder();
        templates.list(caller, kind).forEach(t -> out.addTemplates(summary(t)));
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getTemplate(GetTemplateRequest request, StreamObserver<com.bi.proto.template.v1.Template> response) {
        Template t = templates.get(reader(), request.getId());
        com.bi.proto.template.v1.Template.Builder out = com.bi.proto.template.v1.Template.newBuilder().setSummary(summary(t));
        for (Variable v : t.variables()) {
            out.addVariables(com.bi.proto.template.v1.Variable.newBuilder().setName(v.name()).setType(v.type().name())
                    .setDefaultValue(nullToEmpty(v.defaultValue())).setRequired(v.required()));
        }
        for (Panel p : t.panels()) {
            out.addPanels(panel(p));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void render(RenderRequest request, StreamObserver<RenderResponse> response) {
        Caller caller = reader();
        Set<String> formats = new HashSet<>();
        for (int i = 0; i < request.getFormatsCount(); i++) {
            String format = request.getFormats(i).toUpperCase(Locale.ROOT);
            if (!TemplateValidation.FORMATS.contains(format)) {
                throw ApiException.badRequest("formats[" + i + "]", "formats: each one of " + TemplateValidation.FORMATS);
            }
            formats.add(format);
        }
        Template template = templates.get(caller, request.getTemplateId());
        Rendering r = templates.render(caller, CallerToken.current(), request.getTemplateId(), request.getVariablesMap());
        RenderResponse.Builder out = RenderResponse.newBuilder().setTemplateId(r.templateId()).setTitle(r.title())
                .setRangeFrom(r.range().from().toString()).setRangeTo(r.range().to().toString()).setTimeZone(r.timeZone())
                .setPartial(r.partial());
        for (com.bi.template.domain.PanelResult p : r.panels()) {
            PanelResult.Builder panel = PanelResult.newBuilder().setPanelId(p.panelId()).setTitle(p.title()).setKind(p.kind().name())
                    .setStatus(p.status().name()).setMessage(nullToEmpty(p.message())).addAllColumns(p.columns());
            p.rows().forEach(row -> panel.addRows(Row.newBuilder().addAllCells(row)));
            if (p.kpi() != null) {
                Kpi.Builder kpi = Kpi.newBuilder().setMetric(p.kpi().metric()).setValue(p.kpi().value());
                if (p.kpi().previous() != null) {
                    kpi.setPrevious(p.kpi().previous());
                }
                if (p.kpi().changePct() != null) {
                    kpi.setChangePct(p.kpi().changePct());
                }
                panel.setKpi(kpi);
            }
            if (formats.contains("PNG") && p.ok() && ChartRenderer.charted(p.kind())) {
                panel.setPng(ByteString.copyFrom(charts.png(p, template.panel(p.panelId()).query())));
            }
            out.addPanels(panel);
        }
        if (formats.contains("CSV")) {
            out.setCsv(ByteString.copyFrom(CsvExport.write(r)));
        }
        if (formats.contains("XLSX")) {
            out.setXlsx(ByteString.copyFrom(XlsxExport.write(r)));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void listScheduled(ListScheduledRequest request, StreamObserver<ListScheduledResponse> response) {
        ListScheduledResponse.Builder out = ListScheduledResponse.newBuilder();
        for (Template t : templates.scheduled(reader(), request.getSchedule())) {
            Schedule s = t.schedule();
            out.addReports(ScheduledReport.newBuilder().setTemplateId(t.id()).setName(t.name()).addAllChannelIds(s.channelIds())
                    .putAllVariables(s.variables()).addAllFormats(s.formats()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void installStarters(InstallStartersRequest request, StreamObserver<InstallStartersResponse> response) {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(Roles.MACHINE)) {
            throw ApiException.forbidden("installing starters needs one of the roles " + Roles.MACHINE.stream().sorted().toList());
        }
        Templates.Installed installed = templates.installStarters(caller);
        InstallStartersResponse.Builder out = InstallStartersResponse.newBuilder().setInstalled(installed.installed());
        installed.templates().forEach(t -> out.addTemplates(summary(t)));
        response.onNext(out.build());
        response.onCompleted();
    }

    private static Caller reader() {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(READERS)) {
            throw ApiException.forbidden("reading templates needs one of the roles " + READERS.stream().sorted().toList());
        }
        return caller;
    }

    private static TemplateSummary summary(Template t) {
        TemplateSummary.Builder s = TemplateSummary.newBuilder().setId(t.id()).setName(t.name()).setKind(t.kind().name())
                .setBuiltIn(t.builtIn()).setDescription(nullToEmpty(t.description())).setStarterKey(nullToEmpty(t.starterKey()))
                .setOwner(t.owner()).setVersion(t.version()).setPanelCount(t.panels().size());
        if (t.schedule() != null && t.schedule().frequency() != null && !t.schedule().frequency().isEmpty()) {
            Schedule sc = t.schedule();
            s.setSchedule(com.bi.proto.template.v1.Schedule.newBuilder().setFrequency(sc.frequency()).addAllChannelIds(sc.channelIds())
                    .putAllVariables(sc.variables()).addAllFormats(sc.formats()));
        }
        return s.build();
    }

    private static com.bi.proto.template.v1.Panel panel(Panel p) {
        PanelQuery q = p.query();
        com.bi.proto.template.v1.PanelQuery.Builder query = com.bi.proto.template.v1.PanelQuery.newBuilder()
                .addAllMetrics(q.metrics()).addAllDimensions(q.dimensions()).setCompare(nullToEmpty(q.compare()))
                .setLimit(q.limit() == null ? 0 : q.limit()).setRange(nullToEmpty(q.range()));
        q.filters().forEach(f -> query.addFilters(com.bi.proto.template.v1.Filter.newBuilder().setField(f.field())
                .setOp(nullToEmpty(f.op())).addAllValues(f.values())));
        q.orderBy().forEach(s -> query.addOrderBy(com.bi.proto.template.v1.OrderBy.newBuilder().setField(s.field())
                .setDirection(nullToEmpty(s.direction()))));
        return com.bi.proto.template.v1.Panel.newBuilder().setId(p.id()).setTitle(p.title()).setKind(p.kind().name())
                .setQuery(query).build();
    }

    private static TemplateKind kind(String text) {
        try {
            return TemplateKind.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind", "kind must be REPORT or DASHBOARD");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
