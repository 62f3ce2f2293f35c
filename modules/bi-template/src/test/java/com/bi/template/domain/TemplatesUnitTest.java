package com.bi.template.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sharing by role inside a tenant, tenant isolation, optimistic locking, idempotent starters, schedules. */
class TemplatesUnitTest {
    private final InMemoryTemplateRepository repository = new InMemoryTemplateRepository();
    private final Templates templates = new Templates(repository, new Renderer((c, r, t) -> {
        throw new AssertionError("not rendered here");
    }, Duration.ofSeconds(1)), context -> ZoneId.of("Asia/Shanghai"), Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneId.of("UTC")), 3);

    private static Caller caller(String tenant, String user, String... roles) {
        return new Caller(tenant, user, Set.of(roles));
    }

    private static int status(Runnable action) {
        return assertThrows(ApiException.class, action::run).status();
    }

    @Test
    void sharingByRoleWithinTheTenant() {
        Caller owner = caller("a", "ann", "ANALYST");
        Template t = templates.create(owner, new TemplateDraft("Mine", null, TemplateKind.REPORT, List.of(Fixtures.RANGE, Fixtures.SHOPS),
                List.of(Fixtures.kpi("k")), null, Sharing.PRIVATE));
        Caller viewer = caller("a", "vic", "VIEWER");
        Caller analyst = caller("a", "bob", "ANALYST");
        Caller admin = caller("a", "ada", "ADMIN");
        assertEquals(404, status(() -> templates.get(viewer, t.id())), "private: others do not see it");
        assertEquals(List.of(), templates.list(analyst, null));
        assertEquals(t.id(), templates.get(admin, t.id()).id());

        Template shared = templates.share(owner, t.id(), new Sharing(Set.of("VIEWER"), Set.of("ANALYST")), 1);
        assertEquals(2, shared.version());
        assertEquals(t.id(), templates.get(viewer, t.id()).id());
        assertEquals(403, status(() -> templates.update(viewer, t.id(), Fixtures.draft(Fixtures.kpi("k")), 2)));
        assertEquals(403, status(() -> templates.share(analyst, t.id(), Sharing.PRIVATE, 2)), "editors may not reshare");
        assertEquals(403, status(() -> templates.delete(analyst, t.id())));
        TemplateDraft renamed = new TemplateDraft("Renamed", null, TemplateKind.REPORT, shared.variables(), shared.panels(), null,
                shared.sharing());
        assertEquals("Renamed", templates.update(analyst, t.id(), renamed, 2).name());
        assertEquals(409, status(() -> templates.update(analyst, t.id(), renamed, 2)), "stale version");
        templates.delete(owner, t.id());
        assertEquals(404, status(() -> templates.get(admin, t.id())));
    }

    @Test
    void anotherTenantNeverSeesIt() {
        Template t = templates.create(caller("a", "ann", "ADMIN"), Fixtures.draft(Fixtures.kpi("k")));
        Caller otherAdmin = caller("b", "ann", "ADMIN");
        assertEquals(404, status(() -> templates.get(otherAdmin, t.id())));
        assertEquals(404, status(() -> templates.delete(otherAdmin, t.id())));
        assertEquals(List.of(), templates.list(otherAdmin, null));
        assertEquals(List.of(), templates.list(caller("b", "cron", "SERVICE"), null));
    }

    @Test
    void startersInstallOncePerTenant() {
        Templates.Installed first = templates.installStarters(caller("a", "ada", "ADMIN"));
        assertEquals(3, first.installed());
        assertEquals(List.of("daily_sales", "shop_comparison", "sku_ranking"), first.templates().stream().map(Template::starterKey).toList());
        Templates.Installed again = templates.installStarters(caller("a", "ada", "ADMIN"));
        assertEquals(0, again.installed());
        assertEquals(first.templates().stream().map(Template::id).toList(), again.templates().stream().map(Template::id).toList());
        assertEquals(3, templates.list(caller("a", "vic", "VIEWER"), null).size(), "starters are shared with every reader");
        assertEquals(403, status(() -> templates.update(caller("a", "bob", "ANALYST"), first.templates().getFirst().id(),
                Starters.ALL.getFirst().draft(), 1)), "starters are edited by admins");
        assertEquals(3, templates.installStarters(caller("b", "ada", "ADMIN")).installed(), "another tenant gets its own");
    }

    @Test
    void theTenantCapAndScheduledReports() {
        Caller admin = caller("a", "ada", "ADMIN");
        TemplateDraft base = Fixtures.draft(Fixtures.kpi("k"));
        templates.create(admin, new TemplateDraft("Daily", null, TemplateKind.REPORT, base.variables(), base.panels(),
                new Schedule("DAILY", List.of("ch-1"), Map.of("range", "yesterday"), List.of("XLSX", "PNG")), base.sharing()));
        templates.create(admin, base);
        templates.create(admin, base);
        assertEquals(409, status(() -> templates.create(admin, base)));
        List<Template> scheduled = templates.scheduled(caller("a", "cron", "SERVICE"), "DAILY");
        assertEquals(List.of("Daily"), scheduled.stream().map(Template::name).toList());
        assertTrue(templates.scheduled(caller("b", "cron", "SERVICE"), "DAILY").isEmpty());
        assertEquals(400, status(() -> templates.scheduled(admin, "HOURLY")));
    }
}
