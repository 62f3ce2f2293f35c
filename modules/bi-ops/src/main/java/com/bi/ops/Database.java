package com.bi.ops;

import java.util.HashMap;
import java.util.Map;

/**
 * How pg_dump/pg_restore/psql reach the platform's PostgreSQL: libpq's own environment (PGHOST, PGPORT,
 * PGDATABASE, PGUSER, PGPASSWORD or ~/.pgpass), overridable per option. The password is never an option, so it
 * never shows in a process list or in the printed commands.
 */
record Database(Map<String, String> env) {
    static final java.util.Set<String> OPTIONS = java.util.Set.of("db-host", "db-port", "db-name", "db-user");

    static Database of(Args a) {
        Map<String, String> env = new HashMap<>();
        put(env, "PGHOST", a.option("db-host"));
        put(env, "PGPORT", a.option("db-port"));
        put(env, "PGDATABASE", a.option("db-name"));
        put(env, "PGUSER", a.option("db-user"));
        if (a.option("db-port") != null && !a.option("db-port").matches("\\d{1,5}")) {
            throw OpsException.usage("--db-port '" + a.option("db-port") + "' is not a port");
        }
        return new Database(env);
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }

    String describe() {
        return value("PGUSER", "<PGUSER>") + "@" + value("PGHOST", "<PGHOST>") + ":" + value("PGPORT", "5432") + "/"
                + value("PGDATABASE", "<PGDATABASE>");
    }

    private String value(String key, String fallback) {
        String v = env.getOrDefault(key, System.getenv(key));
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The environment a child program gets: PG* options shown as assignments in printed commands (never PGPASSWORD). */
    String prefix() {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append(k).append('=').append(Proc.quote(v)).append(' '));
        return sb.toString();
    }
}
