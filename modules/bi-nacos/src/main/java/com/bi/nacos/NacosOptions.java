package com.bi.nacos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import io.helidon.config.Config;

/**
 * How this process reaches Nacos, read from the local configuration layers (never from Nacos itself):
 * {@code NACOS_SERVER_ADDR} (or {@code nacos.server.addr}) turns Nacos on; {@code NACOS_NAMESPACE},
 * {@code NACOS_GROUP}, {@code NACOS_USERNAME}/{@code NACOS_PASSWORD} or {@code NACOS_ACCESS_KEY}/{@code NACOS_SECRET_KEY};
 * {@code BI_NACOS_CACHE_DIR} for the last-good cache, {@code BI_NACOS_DISCOVERY} (default true) for registration
 * and {@code nacos://} peers, {@code BI_NACOS_TIMEOUT} for the first read.
 */
public record NacosOptions(String serverAddr, String namespace, String group, String username, String password,
                           String accessKey, String secretKey, Path cacheDir, boolean discovery, Duration timeout) {

    public static final String DEFAULT_GROUP = "DEFAULT_GROUP";

    public NacosOptions {
        Objects.requireNonNull(serverAddr, "serverAddr");
        namespace = namespace == null ? "" : namespace;
        group = group == null || group.isBlank() ? DEFAULT_GROUP : group;
    }

    /** Options from a config tree, or empty when Nacos is off (no server address). */
    public static Optional<NacosOptions> from(Config config) {
        Settings settings = new Settings(config);
        Optional<String> addr = read(settings, "nacos.server.addr");
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        Path cacheDir = Path.of(read(settings, "bi.nacos.cache.dir")
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "bi-nacos-cache").toString()));
        boolean discovery = read(settings, "bi.nacos.discovery").map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "false", "no", "off", "0" -> false;
            case "true", "yes", "on", "1" -> true;
            default -> throw new com.bi.common.config.InvalidConfigException("bi.nacos.discovery",
                    "must be true or false; got '" + v + "'");
        }).orElse(true);
        Duration timeout = settings.duration("bi.nacos.timeout", Duration.ofSeconds(3), Duration.ofMillis(100),
                Duration.ofMinutes(1));
        return Optional.of(new NacosOptions(addr.get(), read(settings, "nacos.namespace").orElse(""),
                read(settings, "nacos.group").orElse(DEFAULT_GROUP), read(settings, "nacos.username").orElse(null),
                read(settings, "nacos.password").orElse(null), read(settings, "nacos.access.key").orElse(null),
                read(settings, "nacos.secret.key").orElse(null), cacheDir, discovery, timeout));
    }

    /** Reads {@code a.b.c} or, when unset, the raw environment-variable key {@code A_B_C}. */
    private static Optional<String> read(Settings settings, String key) {
        return settings.optionalString(key).or(() -> settings.optionalString(Settings.envName(key)));
    }

    /** The Nacos data id of a service's config: {@code <service>-<env>.yaml}. */
    public static String dataId(String service, DeployEnv env) {
        return service + "-" + env.id() + ".yaml";
    }

    /** Client properties (server, namespace, credentials); the client's own snapshot goes under the cache dir. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.setProperty(PropertyKeyConst.SERVER_ADDR, serverAddr);
        if (!namespace.isBlank()) {
            props.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        }
        if (username != null) {
            props.setProperty(PropertyKeyConst.USERNAME, username);
        }
        if (password != null) {
            props.setProperty(PropertyKeyConst.PASSWORD, password);
        }
        if (accessKey != null) {
            props.setProperty(PropertyKeyConst.ACCESS_KEY, accessKey);
        }
        if (secretKey != null) {
            props.setProperty(PropertyKeyConst.SECRET_KEY, secretKey);
        }
        props.setProperty(PropertyKeyConst.CONFIG_LONG_POLL_TIMEOUT, "30000");
        props.setProperty("namingLoadCacheAtStart", "false");
        props.setProperty("JM.SNAPSHOT.PATH", cacheDir.resolve("client").toString());
        return props;
    }

    /** Identifies a Nacos connection (same server, namespace and identity → one shared client). */
    public String connectionKey() {
        return Integer.toHexString(Objects.hash(serverAddr, namespace, username, password, accessKey, secretKey));
    }

    @Override
    public String toString() {
        return "nacos " + serverAddr + " namespace '" + namespace + "' group " + group
                + (username != null ? " user " + username : accessKey != null ? " access key" : " anonymous");
    }
}
