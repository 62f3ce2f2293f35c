package com.bi.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's services as the umbrella chart deploys them, and the PostgreSQL schema each one owns
 * ({@code bi.db.schema} in its application.yaml, or the kit's default: the name without {@code bi-}, '-' as '_';
 * ServicesTest keeps the two in step).
 */
public final class Services {
    private static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put("bi-server", null);
        SCHEMAS.put("bi-sys", "sys");
        SCHEMAS.put("bi-tenant", "tenant");
        SCHEMAS.put("bi-basic", "basic");
        SCHEMAS.put("bi-api-jushuitan", "jushuitan");
        SCHEMAS.put("bi-api-leke", "leke");
        SCHEMAS.put("bi-analysis", "analysis");
        SCHEMAS.put("bi-plan-taoxi", "plan_taoxi");
        SCHEMAS.put("bi-template", "template");
        SCHEMAS.put("bi-notify", "notify");
        SCHEMAS.put("bi-chat", "chat");
        // bi-cron is no Deployment (its CronJobs run one job each); its schema holds only run history and job locks
    }

    private Services() {
    }

    public static List<String> names() {
        return List.copyOf(SCHEMAS.keySet());
    }

    public static String require(String name) {
        if (!SCHEMAS.containsKey(name)) {
            throw OpsException.usage("unknown service '" + name + "' (one of " + String.join(", ", SCHEMAS.keySet()) + ")");
        }
        return name;
    }

    /** Service → schema, for the services that have a database. */
    public static Map<String, String> schemas() {
        Map<String, String> m = new LinkedHashMap<>();
        SCHEMAS.forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }
}
