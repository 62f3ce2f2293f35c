package com.bi.sys.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.sys.domain.AuditEvent.Type;

/** API keys: created by an admin (shown once, hashed at rest), scoped to roles the admin has, revocable. */
public final class ApiKeys {
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeys(ApiKeyRepository keys, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    public ApiKey.Created create(Actor actor, Requests.NewApiKey request) {
        if (creatorId(actor.subject()).isEmpty()) {
            // a key lives only as long as its creating user (checked at every exchange), so a user must create it
            throw ApiException.forbidden("API keys are created with a user's token, not with an API key's or a service's");
        }
        for (String scope : request.scopes()) {
            if (scope.equals(Roles.PLATFORM_ADMIN)) {
                throw ApiException.badRequest("scopes", "API keys cannot carry PLATFORM_ADMIN");
            }
            if (!mayGrant(actor.roles(), List.of(scope))) {
                throw ApiException.badRequest("scopes", "a key cannot have a role its creator does not have: " + scope);
            }
        }
        String prefix = Secrets.randomHex(6);
        String key = "bik_" + prefix + "_" + Secrets.random(32);
        Instant expires = request.expiresInDays() == null ? null : clock.instant().plus(Duration.ofDays(request.expiresInDays()));
        ApiKey created = keys.insert(actor.tenantId(), request.name(), prefix, Secrets.sha256(key), request.scopes(),
                actor.subject(), expires);
        audit.record(actor.tenantId(), Type.API_KEY_CREATED, actor.subject(), "api-key:" + created.id(), actor.ip(),
                created.name() + " " + created.scopes());
        return new ApiKey.Created(created.id(), created.name(), prefix, created.scopes(), created.expiresAt(),
                created.createdAt(), key);
    }

    /** The user id of a key's creator ({@code created_by} is the creating token's subject); empty when not a user. */
    public static Optional<Long> creatorId(String createdBy) {
        if (createdBy == null || !createdBy.matches("[1-9][0-9]{0,17}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(createdBy));
    }

    /** Whether someone with {@code roles} may give a key {@code scopes}: their own roles, or any as ADMIN/PLATFORM_ADMIN. */
    public static boolean mayGrant(Set<String> roles, List<String> scopes) {
        if (roles.contains(Roles.ADMIN) || roles.contains(Roles.PLATFORM_ADMIN)) {
            return true;
        }
        return roles.containsAll(scopes);
    }

    public Page<ApiKey> list(String tenantId, PageRequest page) {
        return keys.list(tenantId, page);
    }

    public void revoke(Actor actor, long id) {
        if (!keys.revoke(actor.tenantId(), id)) {
            throw ApiException.notFound("API key", id);
        }
        audit.record(actor.tenantId(), Type.API_KEY_REVOKED, actor.subject(), "api-key:" + id, actor.ip(), null);
    }
}
