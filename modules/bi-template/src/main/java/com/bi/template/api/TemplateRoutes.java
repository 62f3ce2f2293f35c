package com.bi.template.api;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.bi.common.error.ApiException;
import com.bi.common.security.CallerToken;
import com.bi.common.security.Roles;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.template.domain.PanelResult;
import com.bi.template.domain.Rendering;
import com.bi.template.domain.Sharing;
import com.bi.template.domain.Starters;
import com.bi.template.domain.Template;
import com.bi.template.domain.TemplateKind;
import com.bi.template.domain.Templates;
import com.bi.template.export.ChartRenderer;
import com.bi.template.export.CsvExport;
import com.bi.template.export.XlsxExport;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-template's HTTP API: templates (CRUD, sharing), starters, rendering as JSON and exports (CSV, XLSX, a panel's
 * PNG chart). Reading needs a reading role, writing a writing role; what a caller may see and change of one template
 * is decided by its sharing ({@code Templates}).
 */
public final class TemplateRoutes implements HttpService {
    private final String prefix;
    private final Templates templates;
    private final ChartRenderer charts;

    private TemplateRoutes(String prefix, Templates templates, ChartRenderer charts) {
        this.prefix = prefix;
        this.templates = templates;
        this.charts = charts;
    }

    public static void register(HttpRouting.Builder routing, String prefix, Templates templates, ChartRenderer charts) {
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        routing.register(base, new TemplateRoutes(base, templates, charts));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/templates", RoleGuard.any(Roles.READ), this::list)
                .post("/templates", RoleGuard.any(Roles.WRITE), this::create)
                .get("/templates/{id}", RoleGuard.any(Roles.READ), this::get)
                .put("/templates/{id}", RoleGuard.any(Roles.WRITE), this::update)
                .delete("/templates/{id}", RoleGuard.any(Roles.WRITE), this::delete)
                .put("/templates/{id}/sharing", RoleGuard.any(Roles.WRITE), this::share)
                .post("/templates/{id}/render", RoleGuard.any(Roles.READ), this::render)
                .get("/templates/{id}/export/csv", RoleGuard.any(Roles.READ), this::csv)
                .get("/templates/{id}/export/xlsx", RoleGuard.any(Roles.READ), this::xlsx)
                .get("/templates/{id}/panels/{panel}/png", RoleGuard.any(Roles.READ), this::png)
                .get("/starters", RoleGuard.any(Roles.READ), this::starters)
                .post("/starters/install", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::install);
    }

    private void list(ServerRequest req, ServerResponse res) {
        TemplateKind kind = req.query().first("kind").map(TemplateRoutes::kind).orElse(null);
        List<Views.TemplateView> items = templates.list(Callers.of(req), kind).stream().map(Views::of).toList();
        JsonBodies.send(res, Map.of("templates", items));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Views.TemplateInput in = JsonBodies.read(req, Views.TemplateInput.class);
        Template created = templates.create(Callers.of(req), in.draft());
        JsonBodies.created(res, prefix + "/templates/" + created.id(), Views.of(created));
    }

    private void get(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Views.of(templates.get(Callers.of(req), id(req))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Views.TemplateInput in = JsonBodies.read(req, Views.TemplateInput.class);
        JsonBodies.send(res, Views.of(templates.update(Callers.of(req), id(req), in.draft(), version(in.version()))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        templates.delete(Callers.of(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void share(ServerRequest req, ServerResponse res) {
        Views.SharingInput in = JsonBodies.read(req, Views.SharingInput.class);
        Sharing sharing = new Sharing(in.viewRoles() == null ? null : new HashSet<>(in.viewRoles()),
                in.editRoles() == null ? null : new HashSet<>(in.editRoles()));
        JsonBodies.send(res, Views.of(templates.share(Callers.of(req), id(req), sharing, version(in.version()))));
    }

    private void render(ServerRequest req, ServerResponse res) {
        Views.RenderInput in = JsonBodies.read(req, Views.RenderInput.class);
        JsonBodies.send(res, Views.of(rendering(req, in.variables() == null ? Map.of() : in.variables())));
    }

    private void csv(ServerRequest req, ServerResponse res) {
        Rendering r = rendering(req, queryVariables(req));
        download(res, "text/csv; charset=UTF-8", filename(r, "csv"), CsvExport.write(r), r.partial());
    }

    private void xlsx(ServerRequest req, ServerResponse res) {
        Rendering r = rendering(req, queryVariables(req));
        download(res, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename(r, "xlsx"), XlsxExport.write(r),
                r.partial());
    }

    /** One panel's chart; a panel that is not OK answers 502 naming its status, a TABLE 422. */
    private void png(ServerRequest req, ServerResponse res) {
        String panelId = req.path().pathParameters().get("panel");
        Template template = templates.get(Callers.of(req), id(req));
        var panel = template.panel(panelId);
        if (panel == null) {
            throw ApiException.notFound("panel", panelId);
        }
        if (!ChartRenderer.charted(panel.kind())) {
            throw new ApiException(422, "Unprocessable Content", "panel '" + panelId + "' is a TABLE: it has no chart", "panel");
        }
        Rendering r = templates.renderPanel(Callers.of(req), CallerToken.current(), id(req), panelId, queryVariables(req));
        PanelResult result = r.panel(panelId);
        if (!result.ok()) {
            throw new ApiException(502, "Bad Gateway", "panel '" + panelId + "' is " + result.status() + ": " + result.message());
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "image/png");
        res.send(charts.png(result, panel.query()));
    }

    private void starters(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Map.of("starters", Starters.ALL.stream().map(Views::of).toList()));
    }

    private void install(ServerRequest req, ServerResponse res) {
        Templates.Installed installed = templates.installStarters(Callers.of(req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installed", installed.installed());
        body.put("templates", installed.templates().stream().map(Views::of).toList());
        JsonBodies.send(res, body);
    }

    private Rendering rendering(ServerRequest req, Map<String, String> variables) {
        return templates.render(Callers.of(req), CallerToken.current(), id(req), variables);
    }

    /** Every query parameter of an export is a template variable ({@code ?range=yesterday&shops=a,b}). */
    private static Map<String, String> queryVariables(ServerRequest req) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            List<String> values = req.query().all(name);
            if (values.size() > 1) {
                throw ApiException.badRequest(name, name + " is given " + values.size() + " times; join list values with commas");
            }
            // "?range=x&page" names a parameter without a value: Helidon lists none for it
            variables.put(name, values.isEmpty() ? "" : values.getFirst());
        }
        return variables;
    }

    private static void download(ServerResponse res, String type, String filename, byte[] body, boolean partial) {
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("X-Bi-Partial", String.valueOf(partial));
        res.send(body);
    }

    /** ASCII only (the header value is not encoded): {@code report-<from>_<to>.<ext>}. */
    private static String filename(Rendering r, String extension) {
        return "report-" + r.range().from() + "_" + r.range().to() + "." + extension;
    }

    private static String id(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (id.length() > 64) {
            throw ApiException.notFound("template", id.substring(0, 64));
        }
        return id;
    }

    private static long version(Long version) {
        if (version == null) {
            throw ApiException.badRequest("version", "version is required: the template's version as read (optimistic locking)");
        }
        return version;
    }

    private static TemplateKind kind(String text) {
        try {
            return TemplateKind.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind", "kind must be REPORT or DASHBOARD");
        }
    }
}
