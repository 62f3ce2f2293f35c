package com.bi.template.domain;

import java.util.Set;

import com.bi.common.security.Caller;
import com.bi.common.security.Roles;

/**
 * Who may do what with a template inside its tenant. The tenant's admins may do anything; the owner may view, edit,
 * share and delete; others view with a role in the sharing's view or edit roles and edit with one in its edit roles
 * (and a writing role). SERVICE callers (bi-cron) view and render every template of the tenant they act for.
 */
final class Access {
    private static final Set<String> ADMINS = Set.of(Roles.ADMIN, Roles.PLATFORM_ADMIN);

    private Access() {
    }

    static boolean admin(Caller caller) {
        return caller.hasAnyRole(ADMINS);
    }

    static boolean canView(Caller caller, Template t) {
        return admin(caller) || caller.hasAnyRole(Set.of(Roles.SERVICE)) || owner(caller, t)
                || caller.hasAnyRole(t.sharing().viewRoles()) || caller.hasAnyRole(t.sharing().editRoles());
    }

    static boolean canEdit(Caller caller, Template t) {
        return admin(caller) || caller.hasAnyRole(Roles.WRITE) && (owner(caller, t) || caller.hasAnyRole(t.sharing().editRoles()));
    }

    /** Sharing and deleting: the owner or an admin. */
    static boolean canManage(Caller caller, Template t) {
        return admin(caller) || caller.hasAnyRole(Roles.WRITE) && owner(caller, t);
    }

    private static boolean owner(Caller caller, Template t) {
        return caller.userId() != null && caller.userId().equals(t.owner());
    }
}
