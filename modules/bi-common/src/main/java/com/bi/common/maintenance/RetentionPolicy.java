package com.bi.common.maintenance;

import java.time.Duration;
import java.util.regex.Pattern;

import com.bi.common.config.Option;

/**
 * One kind of row a service keeps only for a while: rows of {@code table} whose {@code timestampColumn} is older
 * than the window read from {@code window} (an option the service declares in its catalog, so operators tune it
 * like any other key) are deleted by {@link Retention#purge}. Table and column are checked identifiers: they are
 * written into SQL, so a declaration can never carry anything else.
 *
 * @param name what the purge reports, e.g. {@code leke-inbox}
 * @param table a table of the service's own schema
 * @param timestampColumn a {@code timestamptz} column; rows where it is NULL are kept
 * @param window how old a row may get
 */
public record RetentionPolicy(String name, String table, String timestampColumn, Option<Duration> window) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public RetentionPolicy {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("retention policy name must match " + NAME + ": " + name);
        }
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(timestampColumn).matches()) {
            throw new IllegalArgumentException("retention policy " + name + ": table and column must be plain lower-case"
                    + " identifiers; got " + table + "." + timestampColumn);
        }
        if (window == null) {
            throw new IllegalArgumentException("retention policy " + name + " needs its window option");
        }
    }
}
