package com.bi.sys.api;

import java.util.Set;

import com.bi.common.crud.CrudResource;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.server.ClientAddress;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.sys.domain.Actor;
import com.bi.sys.domain.ApiKeys;
import com.bi.sys.domain.AuditEvent;
import com.bi.sys.domain.AuditLog;
import com.bi.sys.domain.Identity;
import com.bi.sys.domain.Requests;
import com.bi.sys.domain.RetryAfter;
import com.bi.sys.domain.User;
import com.bi.sys.domain.Users;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-sys's HTTP API under {@value #PREFIX}. Public (no token): {@code /auth/login}, {@code /auth/refresh},
 * {@code /auth/logout}, {@code /auth/api-key}. Any role: {@code /me}, {@code /me/password}. Tenant admins (ADMIN,
 * PLATFORM_ADMIN): {@code /users}, {@code /api-keys}, {@code /audit}. Operators only: {@code /admin/tenants/{tenant}/users}.
 */
public final class SysRoutes implements HttpService {
    public static final String PREFIX = "/api/sys/v1";
    /** The paths the kit must let through without a token. */
    public static final String[] PUBLIC_PATHS = {PREFIX + "/auth/login", PREFIX + "/auth/refresh", PREFIX + "/auth/logout",
            PREFIX + "/auth/api-key"};
    static final Set<String> MANAGE = Set.of(Roles.ADMIN, Roles.PLATFORM_ADMIN);

    private final Identity identity;
    private final Users users;
    private final ApiKeys apiKeys;
    private final AuditLog audit;

    public SysRoutes(Identity identity, Users users, ApiKeys apiKeys, AuditLog audit) {
        this.identity = identity;
        this.users = users;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    public static void register(HttpRouting.Builder routing, SysRoutes routes) {
        routing.register(PREFIX, routes);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/auth/login", retryAfter(this::login))
                .post("/auth/refresh", this::refresh)
                .post("/auth/logout", this::logout)
                .post("/auth/api-key", this::apiKeyToken)
                .get("/me", RoleGuard.any(Roles.READ), (req, res) -> JsonBodies.send(res, UserResponse.of(users.me(actor(req)))))
                .post("/me/password", RoleGuard.any(Roles.READ), retryAfter(this::changePassword))
                .get("/users", RoleGuard.any(MANAGE), this::listUsers)
                .post("/users", RoleGuard.any(MANAGE), retryAfter(this::createUser))
                .get("/users/{id}", RoleGuard.any(MANAGE), (req, res) -> JsonBodies.send(res, UserResponse.of(users.get(tenant(req), id(req)))))
                .put("/users/{id}", RoleGuard.any(MANAGE), this::updateUser)
                .delete("/users/{id}", RoleGuard.any(MANAGE), this::deleteUser)
                .post("/users/{id}/password", RoleGuard.any(MANAGE), retryAfter(this::resetPassword))
                .post("/users/{id}/unlock", RoleGuard.any(MANAGE), (req, res) -> JsonBodies.send(res, UserResponse.of(users.unlock(actor(req), id(req)))))
                .get("/api-keys", RoleGuard.any(MANAGE), (req, res) -> JsonBodies.send(res, ApiKeyResponse.of(apiKeys.list(tenant(req), page(req)))))
                .post("/api-keys", RoleGuard.any(MANAGE), this::createApiKey)
                .delete("/api-keys/{id}", RoleGuard.any(MANAGE), this::revokeApiKey)
                .get("/audit", RoleGuard.any(MANAGE), this::auditLog)
                .get("/admin/tenants/{tenant}/users", RoleGuard.any(Roles.PLATFORM_ADMIN),
                        (req, res) -> JsonBodies.send(res, UserResponse.of(users.list(pathTenant(req), page(req)))))
                .post("/admin/tenants/{tenant}/users", RoleGuard.any(Roles.PLATFORM_ADMIN), retryAfter(this::createUserInTenant));
    }

    /** Puts {@code Retry-After} on the problem of a lockout (429) or of saturated password checks (503). */
    private static Handler retryAfter(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (ApiException e) {
                if (e instanceof RetryAfter retry) {
                    res.header(HeaderNames.RETRY_AFTER, String.valueOf(retry.retryAfterSeconds()));
                }
                throw e;
            }
        };
    }

    private void login(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, identity.login(JsonBodies.read(req, Requests.Login.class), ip(req)));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, identity.refresh(JsonBodies.read(req, Requests.Refresh.class), ip(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        identity.logout(JsonBodies.read(req, Requests.Refresh.class), ip(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code X-API-Key: bik_...} → a short-lived access token carrying the key's scopes. */
    private void apiKeyToken(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(HeaderNames.create("X-API-Key"))
                .orElseThrow(() -> ApiException.unauthorized("an X-API-Key header is required"));
        JsonBodies.send(res, identity.apiKeyToken(key));
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        users.changeOwnPassword(actor(req), JsonBodies.read(req, Requests.PasswordChange.class));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, UserResponse.of(users.list(tenant(req), page(req))));
    }

    private void createUser(ServerRequest req, ServerResponse res) {
        User created = users.create(actor(req), tenant(req), JsonBodies.read(req, Requests.NewUser.class));
        JsonBodies.created(res, PREFIX + "/users/" + created.id(), UserResponse.of(created));
    }

    private void createUserInTenant(ServerRequest req, ServerResponse res) {
        String tenant = pathTenant(req);
        User created = users.create(actor(req), tenant, JsonBodies.read(req, Requests.NewUser.class));
        JsonBodies.created(res, PREFIX + "/admin/tenants/" + tenant + "/users/" + created.id(), UserResponse.of(created));
    }

    private void updateUser(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, UserResponse.of(users.update(actor(req), id(req), JsonBodies.read(req, Requests.UserChanges.class))));
    }

    private void deleteUser(ServerRequest req, ServerResponse res) {
        users.delete(actor(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        users.resetPassword(actor(req), id(req), JsonBodies.read(req, Requests.PasswordReset.class));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void createApiKey(ServerRequest req, ServerResponse res) {
        var created = apiKeys.create(actor(req), JsonBodies.read(req, Requests.NewApiKey.class));
        JsonBodies.created(res, PREFIX + "/api-keys/" + created.id(), ApiKeyResponse.Created.of(created));
    }

    private void revokeApiKey(ServerRequest req, ServerResponse res) {
        apiKeys.revoke(actor(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void auditLog(ServerRequest req, ServerResponse res) {
        for (String name : req.query().names()) {
            if (!Set.of("page", "size", "type").contains(name)) {
                throw ApiException.badRequest(name, "unknown query parameter '" + name + "'; allowed: page, size, type");
            }
        }
        AuditEvent.Type type = req.query().first("type")
                .map(t -> (AuditEvent.Type) CrudResource.enumFilter("type", AuditEvent.Type.class).apply(t)).orElse(null);
        JsonBodies.send(res, audit.list(tenant(req), type, page(req)));
    }

    private static PageRequest page(ServerRequest req) {
        return PageRequest.parse(req.query().first("page").orElse(null), req.query().first("size").orElse(null));
    }

    private static String tenant(ServerRequest req) {
        return Callers.of(req).tenantId();
    }

    private static Actor actor(ServerRequest req) {
        return Actor.of(Callers.of(req), ip(req));
    }

    private static String pathTenant(ServerRequest req) {
        return RequestParams.tenantCode(req, "tenant");
    }

    static long id(ServerRequest req) {
        return RequestParams.id(req, "id");
    }

    /**
     * The client address for the audit log: the kit's rule ({@code bi.http.trusted.proxies}), never a hop the client
     * wrote itself.
     */
    static String ip(ServerRequest req) {
        return ClientAddress.of(req);
    }
}
