package com.bi.template.domain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;

/** The use cases: templates of the caller's tenant (CRUD, sharing, starters, schedules) and their rendering. */
public final class Templates {
    private final TemplateRepository repository;
    private final Renderer renderer;
    private final TenantZones zones;
    private final Clock clock;
    private final int maxPerTenant;

    public Templates(TemplateRepository repository, Renderer renderer, TenantZones zones, Clock clock, int maxPerTenant) {
        this.repository = repository;
        this.renderer = renderer;
        this.zones = zones;
        this.clock = clock;
        this.maxPerTenant = maxPerTenant;
    }

    public record Installed(List<Template> templates, int installed) {
    }

    /** The templates the caller may view, by name; {@code kind} null for all. */
    public List<Template> list(Caller caller, TemplateKind kind) {
        return repository.list(caller.tenantId()).stream()
                .filter(t -> kind == null || t.kind() == kind)
                .filter(t -> Access.canView(caller, t))
                .sorted(Comparator.comparing(Template::name).thenComparing(Template::id))
                .toList();
    }

    /** A template the caller may view; 404 otherwise (another tenant's or a private one look the same: absent). */
    public Template get(Caller caller, String id) {
        return repository.find(caller.tenantId(), id).filter(t -> Access.canView(caller, t))
                .orElseThrow(() -> ApiException.notFound("template", id));
    }

    public Template create(Caller caller, TemplateDraft draft) {
        TemplateValidation.validate(draft);
        if (repository.count(caller.tenantId()) >= maxPerTenant) {
            throw ApiException.conflict("the tenant has " + maxPerTenant + " templates, the most it may have; delete one first");
        }
        Template template = new Template(UUID.randomUUID().toString(), caller.tenantId(), draft.name(), draft.description(),
                draft.kind(), null, caller.userId(), draft.variables(), draft.panels(), draft.schedule(), draft.sharing(), 1,
                clock.instant());
        repository.insert(template);
        return template;
    }

    public Template update(Caller caller, String id, TemplateDraft draft, long expectedVersion) {
        Template current = get(caller, id);
        if (!Access.canEdit(caller, current)) {
            throw ApiException.forbidden("only the owner, an admin or a role it is shared for editing with may change template " + id);
        }
        TemplateValidation.validate(draft);
        if (!Access.canManage(caller, current) && !draft.sharing().equals(current.sharing())) {
            throw ApiException.forbidden("only the owner or an admin may change who a template is shared with");
        }
        return write(current, current.with(draft, expectedVersion + 1, clock.instant()), expectedVersion);
    }

    public Template share(Caller caller, String id, Sharing sharing, long expectedVersion) {
        Template current = get(caller, id);
        if (!Access.canManage(caller, current)) {
            throw ApiException.forbidden("only the owner or an admin may share template " + id);
        }
        TemplateValidation.sharing(sharing);
        return write(current, current.withSharing(sharing, expectedVersion + 1, clock.instant()), expectedVersion);
    }

    public void delete(Caller caller, String id) {
        Template current = get(caller, id);
        if (!Access.canManage(caller, current)) {
            throw ApiException.forbidden("only the owner or an admin may delete template " + id);
        }
        repository.delete(caller.tenantId(), id);
    }

    private Template write(Template current, Template next, long expectedVersion) {
        if (current.version() != expectedVersion || !repository.update(next, expectedVersion)) {
            throw ApiException.conflict("template " + current.id() + " was changed meanwhile (version " + current.version()
                    + ", expected " + expectedVersion + "); read it again");
        }
        return next;
    }

    /** Renders a template the caller may view, with the request's variables, in the tenant's days. */
    public Rendering render(Caller caller, String bearerToken, String id, Map<String, String> variables) {
        return render(caller, bearerToken, get(caller, id), variables);
    }

    /** Renders one panel of a template the caller may view (a chart): only that panel's query runs. */
    public Rendering renderPanel(Caller caller, String bearerToken, String id, String panelId, Map<String, String> variables) {
        Template template = get(caller, id);
        if (template.panel(panelId) == null) {
            throw ApiException.notFound("panel", panelId);
        }
        return render(caller, bearerToken, template.onlyPanel(panelId), variables);
    }

    private Rendering render(Caller caller, String bearerToken, Template template, Map<String, String> variables) {
        RenderContext context = new RenderContext(caller.tenantId(), bearerToken);
        ZoneId zone = zones.zone(context);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Bindings bindings = Bindings.resolve(template, variables, today);
        return renderer.render(template, bindings, today, zone.getId(), context);
    }

    /** Installs the starters the caller's tenant lacks; idempotent (concurrent calls install each once). */
    public Installed installStarters(Caller caller) {
        int installed = 0;
        for (Starters.Starter starter : Starters.ALL) {
            TemplateDraft d = starter.draft();
            Template template = new Template(UUID.randomUUID().toString(), caller.tenantId(), d.name(), d.description(), d.kind(),
                    starter.key(), "system", d.variables(), d.panels(), d.schedule(), d.sharing(), 1, clock.instant());
            installed += repository.insertStarter(template) ? 1 : 0;
        }
        List<Template> starters = new ArrayList<>();
        for (Template t : repository.list(caller.tenantId())) {
            if (t.builtIn()) {
                starters.add(t);
            }
        }
        starters.sort(Comparator.comparing(Template::starterKey));
        return new Installed(List.copyOf(starters), installed);
    }

    /** The caller's tenant's templates with a schedule of {@code frequency} (bi-cron's daily report). */
    public List<Template> scheduled(Caller caller, String frequency) {
        if (frequency == null || !frequency.equals(Schedule.DAILY)) {
            throw ApiException.badRequest("schedule", "schedule must be DAILY");
        }
        return list(caller, null).stream()
                .filter(t -> t.schedule() != null && frequency.equals(t.schedule().frequency()))
                .toList();
    }
}
