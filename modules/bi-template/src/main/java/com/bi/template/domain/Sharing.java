package com.bi.template.domain;

import java.util.Set;

/**
 * Who in the tenant may use a template besides its owner and the tenant's admins: callers with one of
 * {@code viewRoles} may view and render it, callers with one of {@code editRoles} (and a writing role) may change it.
 * Empty sets mean private to the owner (and admins).
 */
public record Sharing(Set<String> viewRoles, Set<String> editRoles) {
    public static final Sharing PRIVATE = new Sharing(Set.of(), Set.of());

    public Sharing {
        viewRoles = viewRoles == null ? Set.of() : Set.copyOf(viewRoles);
        editRoles = editRoles == null ? Set.of() : Set.copyOf(editRoles);
    }
}
