package com.bi.sys.domain;

import java.util.List;
import java.util.Set;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;
import com.bi.sys.domain.AuditEvent.Type;

/**
 * User management inside a tenant (ADMIN, or PLATFORM_ADMIN for the operator tenant and for a tenant's first users):
 * the users quota from bi-tenant, the password policy, role changes, password change and reset, unlock; every change
 * is audited.
 */
public final class Users {
    private final UserRepository users;
    private final SessionRepository sessions;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final TenantDirectory tenants;
    private final HashingGate gate;

    public Users(UserRepository users, SessionRepository sessions, AuditLog audit, PasswordHasher hasher,
                 PasswordPolicy policy, TenantDirectory tenants, HashingGate gate) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.hasher = hasher;
        this.policy = policy;
        this.tenants = tenants;
        this.gate = gate;
    }

    public User create(Actor actor, String tenantId, Requests.NewUser request) {
        if (request.roles().contains(Roles.PLATFORM_ADMIN)
                && (!actor.platformAdmin() || !Identity.PLATFORM_TENANT.equals(tenantId))) {
            throw ApiException.badRequest("roles", "PLATFORM_ADMIN can only be given by a platform operator, in the "
                    + "operator tenant '" + Identity.PLATFORM_TENANT + "'");
        }
        policy.check("password", request.password(), request.username());
        TenantInfo tenant = tenants.find(tenantId).orElseThrow(() ->
                ApiException.notFound("tenant", tenantId));
        if (tenant.suspended()) {
            throw ApiException.conflict("tenant '" + tenantId + "' is suspended; resume it before adding users");
        }
        if (users.count(tenantId) >= tenant.maxUsers()) {
            throw overQuota(tenantId, tenant.maxUsers()); // early, before spending an Argon2 hash
        }
        String hash = gate.run(() -> hasher.hash(request.password()));
        User created = users.insertWithinQuota(tenantId, request.username(), request.displayName(), hash, request.roles(),
                tenant.maxUsers()).orElseThrow(() -> overQuota(tenantId, tenant.maxUsers()));
        audit.record(tenantId, Type.USER_CREATED, actor.subject(), "user:" + created.id(), actor.ip(),
                created.username() + " " + created.roles());
        return created;
    }

    private static ApiException overQuota(String tenantId, int maxUsers) {
        return ApiException.conflict("tenant '" + tenantId + "' has reached its quota of " + maxUsers
                + " users; raise max_users in bi-tenant or delete a user");
    }

    /**
     * The user {@code id} of the actor's tenant, for a change by the actor: only a PLATFORM_ADMIN may change, reset,
     * unlock or delete a PLATFORM_ADMIN (a tenant ADMIN of the operator tenant, or an ADMIN-scoped API key, must
     * not be able to take an operator account over).
     */
    private User target(Actor actor, long id) {
        User user = get(actor.tenantId(), id);
        if (user.roles().contains(Roles.PLATFORM_ADMIN) && !actor.platformAdmin()) {
            throw ApiException.forbidden("user " + id + " is a PLATFORM_ADMIN: only a PLATFORM_ADMIN may change, reset, "
                    + "unlock or delete it");
        }
        return user;
    }

    public User get(String tenantId, long id) {
        return users.find(tenantId, id).orElseThrow(() -> ApiException.notFound("user", id));
    }

    public Page<User> list(String tenantId, PageRequest page) {
        return users.list(tenantId, page);
    }

    public User update(Actor actor, long id, Requests.UserChanges changes) {
        User current = target(actor, id);
        List<String> roles = changes.roles() == null ? current.roles() : changes.roles();
        boolean enabled = changes.enabled() == null ? current.enabled() : changes.enabled();
        if (roles.contains(Roles.PLATFORM_ADMIN) && !current.roles().contains(Roles.PLATFORM_ADMIN)
                && (!actor.platformAdmin() || !Identity.PLATFORM_TENANT.equals(actor.tenantId()))) {
            throw ApiException.badRequest("roles", "PLATFORM_ADMIN can only be given by a platform operator");
        }
        boolean self = String.valueOf(id).equals(actor.subject());
        if (self && (!enabled || !roles.contains(Roles.ADMIN) && !roles.contains(Roles.PLATFORM_ADMIN))) {
            throw ApiException.conflict("you cannot disable yourself or take away your own admin role");
        }
        User updated = users.update(actor.tenantId(), id, changes.displayName() == null ? current.displayName()
                : changes.displayName(), roles, enabled).orElseThrow(() -> ApiException.notFound("user", id));
        if (!Set.copyOf(roles).equals(Set.copyOf(current.roles()))) {
            audit.record(actor.tenantId(), Type.ROLES_CHANGED, actor.subject(), "user:" + id, actor.ip(),
                    current.roles() + " -> " + roles);
        }
        if (enabled != current.enabled()) {
            audit.record(actor.tenantId(), Type.USER_UPDATED, actor.subject(), "user:" + id, actor.ip(),
                    enabled ? "enabled" : "disabled");
            if (!enabled) {
                sessions.revokeUser(actor.tenantId(), id);
            }
        }
        return updated;
    }

    public void delete(Actor actor, long id) {
        if (String.valueOf(id).equals(actor.subject())) {
            throw ApiException.conflict("you cannot delete yourself");
        }
        target(actor, id);
        if (!users.delete(actor.tenantId(), id)) {
            throw ApiException.notFound("user", id);
        }
        audit.record(actor.tenantId(), Type.USER_DELETED, actor.subject(), "user:" + id, actor.ip(), null);
    }

    /** A user changes their own password, proving the current one; their other sessions end. */
    public void changeOwnPassword(Actor actor, Requests.PasswordChange change) {
        long id = parseUserId(actor.subject());
        User user = get(actor.tenantId(), id);
        if (!gate.run(() -> hasher.verify(change.currentPassword(), user.passwordHash()))) {
            throw ApiException.badRequest("current_password", "current_password is not correct");
        }
        policy.check("new_password", change.newPassword(), user.username());
        users.setPassword(actor.tenantId(), id, gate.run(() -> hasher.hash(change.newPassword())));
        sessions.revokeUser(actor.tenantId(), id);
        audit.record(actor.tenantId(), Type.PASSWORD_CHANGED, actor.subject(), "user:" + id, actor.ip(), null);
    }

    /** An admin sets a new password for a user (who then logs in with it); the user's sessions end; unlocks. */
    public void resetPassword(Actor actor, long id, Requests.PasswordReset reset) {
        User user = target(actor, id);
        policy.check("new_password", reset.newPassword(), user.username());
        users.setPassword(actor.tenantId(), id, gate.run(() -> hasher.hash(reset.newPassword())));
        users.unlock(actor.tenantId(), id);
        sessions.revokeUser(actor.tenantId(), id);
        audit.record(actor.tenantId(), Type.PASSWORD_RESET, actor.subject(), "user:" + id, actor.ip(), null);
    }

    public User unlock(Actor actor, long id) {
        target(actor, id);
        if (!users.unlock(actor.tenantId(), id)) {
            throw ApiException.notFound("user", id);
        }
        audit.record(actor.tenantId(), Type.ACCOUNT_UNLOCKED, actor.subject(), "user:" + id, actor.ip(), null);
        return get(actor.tenantId(), id);
    }

    public User me(Actor actor) {
        return get(actor.tenantId(), parseUserId(actor.subject()));
    }

    private static long parseUserId(String subject) {
        try {
            return Long.parseLong(subject);
        } catch (NumberFormatException e) {
            throw ApiException.forbidden("this operation needs a user's token, not an API key's or a service's");
        }
    }
}
