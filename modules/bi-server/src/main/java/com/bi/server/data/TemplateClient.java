package com.bi.server.data;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;
import com.bi.proto.template.v1.GetTemplateRequest;
import com.bi.proto.template.v1.ListTemplatesRequest;
import com.bi.proto.template.v1.PanelResult;
import com.bi.proto.template.v1.RenderRequest;
import com.bi.proto.template.v1.RenderResponse;
import com.bi.proto.template.v1.Template;
import com.bi.proto.template.v1.TemplateServiceGrpc;
import com.bi.server.domain.TemplateDashboards;
import com.bi.server.domain.TemplateSource;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@link TemplateSource} over bi-template's gRPC API, as the caller (the token on the call decides the tenant and
 * what is visible). All three calls are read-only: the channel retries them. {@code Render} gets its own deadline,
 * longer than bi-template's per-panel timeout, so a slow panel comes back marked TIMEOUT instead of failing the call.
 */
public final class TemplateClient implements TemplateSource {
    /** bi-template's 400s name the variable first ({@code variables.range: ...}). */
    private static final Pattern VARIABLE = Pattern.compile("^(variables\\.[A-Za-z0-9_.-]{1,64})\\b");
    private final TemplateServiceGrpc.TemplateServiceBlockingStub stub;
    private final Duration renderTimeout;

    public TemplateClient(Channel channel, Duration renderTimeout) {
        this.stub = TemplateServiceGrpc.newBlockingStub(channel);
        this.renderTimeout = renderTimeout;
    }

    @Override
    public List<Summary> list() {
        return call(null, () -> stub.listTemplates(ListTemplatesRequest.getDefaultInstance())).getTemplatesList().stream()
                .map(t -> new Summary(t.getId(), t.getName(), t.getKind(), t.getDescription(), t.getBuiltIn(), t.getStarterKey(),
                        t.getPanelCount()))
                .toList();
    }

    @Override
    public Spec get(String id) {
        Template t = call(id, () -> stub.getTemplate(GetTemplateRequest.newBuilder().setId(id).build()));
        return new Spec(t.getSummary().getId(), t.getSummary().getName(), t.getSummary().getKind(), t.getSummary().getVersion(),
                t.getVariablesList().stream().map(v -> new Variable(v.getName(), v.getType())).toList(),
                t.getPanelsList().stream().map(p -> new PanelSpec(p.getId(), p.getKind(), p.getQuery().getRange(),
                        p.getQuery().getCompare())).toList());
    }

    @Override
    public Rendered render(String id, Map<String, String> variables) {
        RenderResponse r = call(id, () -> stub.withDeadlineAfter(renderTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .render(RenderRequest.newBuilder().setTemplateId(id).putAllVariables(variables).build()));
        return new Rendered(r.getTemplateId(), r.getTitle(), r.getRangeFrom(), r.getRangeTo(), r.getTimeZone(), r.getPartial(),
                r.getPanelsList().stream().map(TemplateClient::panel).toList());
    }

    private static RenderedPanel panel(PanelResult p) {
        return new RenderedPanel(p.getPanelId(), p.getTitle(), p.getKind(), p.getStatus(), p.getMessage(), p.getColumnsList(),
                p.getRowsList().stream().map(row -> List.copyOf(row.getCellsList())).toList());
    }

    /**
     * A call in the dashboard's terms ({@link PeerCalls}), with bi-template's own refusals kept precise: a template
     * it does not show the caller is a 404 for that template, a bad variable a 400 naming it.
     */
    private static <T> T call(String id, Supplier<T> call) {
        return PeerCalls.call(TemplateDashboards.SERVICE, () -> {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND && id != null) {
                    throw ApiException.notFound("template", id);
                }
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    Matcher variable = VARIABLE.matcher(description);
                    throw ApiException.badRequest(variable.find() ? variable.group(1) : null, description);
                }
                throw e;
            }
        });
    }
}
