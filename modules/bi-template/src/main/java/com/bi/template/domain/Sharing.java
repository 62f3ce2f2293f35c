package com.bi.template.domain;

import java.util.Objects;
import java.util.Set;

/**
 * Who in the tenant may use a template besides its owner and the tenant's admins: callers with one of
 * {@code viewRoles} may view and render it, callers with one of {@code editRoles} (and a writing role) may change it.
 * Empty sets mean private to the owner (and admins).
 */
public record Sharing(Set<String> viewRoles, Set<String> editRoles) {
    public static final Sharing PRIVATE = new Sharing(Set.of(), Set.of());

    public Sharing {
        viewRoles = roles(viewRoles, "sharing.view_roles");
        editRoles = roles(editRoles, "sharing.edit_roles");
    }

    /** A copy; a null role (["VIEWER", null]) is refused naming the field, where Set.copyOf would throw a bare NPE (500). */
    private static Set<String> roles(Set<String> roles, String field) {
        if (roles == null) {
            return Set.of();
        }
        if (roles.stream().anyMatch(Objects::isNull)) {
            throw TemplateValidation.unprocessable(field, field + ": each one of " + TemplateValidation.SHAREABLE_ROLES.stream().sorted().toList());
        }
        return Set.copyOf(roles);
    }
}
