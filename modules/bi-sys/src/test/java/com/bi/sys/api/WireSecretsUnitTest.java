package com.bi.sys.api;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.bi.common.crud.Page;
import com.bi.common.json.Json;
import com.bi.sys.domain.ApiKey;
import com.bi.sys.domain.User;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The API never serializes a domain record that holds a secret: users and API keys go out as response DTOs without
 * hash fields, and no record of the {@code api} package has a field named like a secret.
 */
class WireSecretsUnitTest {
    /** Field names that must never be on the wire (snake_case or camelCase). */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(hash|secret|password|failed_?logins).*");
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$SECRET-HASH-VALUE";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final User USER = new User(7, "t1", "alice", "Alice", List.of("ADMIN"), true, null, NOW, 3, NOW, NOW, HASH, 2);
    private static final ApiKey KEY = new ApiKey(9, "t1", "etl", "0123456789ab", List.of("ANALYST"), "7", null, null, null, NOW, HASH);

    @Test
    void usersAndApiKeysGoOutWithoutTheirHashes() throws Exception {
        for (Object response : List.of(UserResponse.of(USER), UserResponse.of(new Page<>(List.of(USER), 1, 50, 1)),
                ApiKeyResponse.of(KEY), ApiKeyResponse.of(new Page<>(List.of(KEY), 1, 50, 1)))) {
            String json = Json.MAPPER.writeValueAsString(response);
            assertThat(json, not(containsString("SECRET-HASH-VALUE")));
            assertThat(json, not(containsString("hash")));
            assertThat(json, not(containsString("failed_logins")));
            assertThat(json, containsString("\"tenant_id\":\"t1\""));
        }
    }

    @Test
    void theDomainRecordsWouldLeakWhichIsWhyTheyNeverGoOut() throws Exception {
        // the domain records carry no serialization annotations: serialized directly, the hash is there
        assertThat(Json.MAPPER.writeValueAsString(USER), containsString("SECRET-HASH-VALUE"));
        assertThat(Json.MAPPER.writeValueAsString(KEY), containsString("SECRET-HASH-VALUE"));
    }

    @Test
    void aResponseKeepsEveryPublicFieldOfTheDomainRecord() throws Exception {
        String json = Json.MAPPER.writeValueAsString(UserResponse.of(USER));
        for (String field : List.of("id", "tenant_id", "username", "display_name", "roles", "enabled", "locked_until",
                "last_login_at", "version", "created_at", "updated_at")) {
            assertThat(json, containsString("\"" + field + "\":"));
        }
    }

    @Test
    void noRecordOfTheApiPackageHasAFieldNamedLikeASecret() throws Exception {
        List<Class<?>> records = apiRecords();
        assertThat(records.stream().map(Class::getSimpleName).toList(), hasItems("UserResponse", "ApiKeyResponse"));
        List<String> offending = new ArrayList<>();
        for (Class<?> type : records) {
            Arrays.stream(type.getRecordComponents()).filter(c -> SECRET_NAME.matcher(c.getName()).matches())
                    .forEach(c -> offending.add(type.getName() + "." + c.getName()));
        }
        assertThat(offending, is(empty()));
    }

    /** Every record compiled into {@code com.bi.sys.api}, nested ones included. */
    private static List<Class<?>> apiRecords() throws URISyntaxException, java.io.IOException, ClassNotFoundException {
        Path dir = Path.of(SysRoutes.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("com/bi/sys/api");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("com.bi.sys.api." + name, false, WireSecretsUnitTest.class.getClassLoader());
                if (type.isRecord()) {
                    out.add(type);
                }
            }
        }
        return out;
    }
}
