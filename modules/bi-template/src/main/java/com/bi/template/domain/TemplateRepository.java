package com.bi.template.domain;

import java.util.List;
import java.util.Optional;

/** Templates per tenant: every method takes the tenant, every query filters by it. */
public interface TemplateRepository {
    List<Template> list(String tenantId);

    Optional<Template> find(String tenantId, String id);

    long count(String tenantId);

    void insert(Template template);

    /** Inserts an installed starter unless the tenant already has that starter; true when inserted. */
    boolean insertStarter(Template template);

    /** Writes {@code template} when the stored version is {@code expectedVersion}; false otherwise (or when gone). */
    boolean update(Template template, long expectedVersion);

    boolean delete(String tenantId, String id);
}
