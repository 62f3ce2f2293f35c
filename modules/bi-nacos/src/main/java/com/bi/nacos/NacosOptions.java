package com.bi.nacos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
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

    public static final Option<String> SERVER_ADDR = Option.string("nacos.server.addr", null,
            "Nacos host:port; set, the service reads its config from Nacos and registers there").localOnly();
    public static final Option<String> NAMESPACE = Option.string("nacos.namespace", "", "Nacos namespace id").localOnly();
    public static final Option<String> GROUP_NAME = Option.string("nacos.group", DEFAULT_GROUP, "Nacos group").localOnly();
    public static final Option<String> USERNAME = Option.string("nacos.username", null, "Nacos user").localOnly();
    public static final Option<String> PASSWORD = Option.string("nacos.password", null, "Nacos password").secret().localOnly();
    public static final Option<String> ACCESS_KEY = Option.string("nacos.access.key", null, "Nacos access key (instead of a user)")
            .localOnly();
    public static final Option<String> SECRET_KEY = Option.string("nacos.secret.key", null, "Nacos secret key").secret().localOnly();
    public static final Option<String> CACHE_DIR = Option.string("bi.nacos.cache.dir", null,
            "last-good copy of the Nacos config, used when Nacos is unreachable at start")
            .defaultText("<java.io.tmpdir>/bi-nacos-cache").localOnly();
    public static final Option<Boolean> DISCOVERY = Option.bool("bi.nacos.discovery", true,
            "register with Nacos and resolve nacos:// peers through it").localOnly();
    public static final Option<Duration> TIMEOUT = Option.duration("bi.nacos.timeout", Duration.ofSeconds(3),
            Duration.ofMillis(100), Duration.ofMinutes(1), "how long the first config read from Nacos may take").localOnly();

    /** Only the local layers set these: a Nacos push naming one is refused. */
    public static final OptionGroup GROUP = OptionGroup.of("nacos", "Nacos (local layers only)", SERVER_ADDR, NAMESPACE,
            GROUP_NAME, USERNAME, PASSWORD, ACCESS_KEY, SECRET_KEY, CACHE_DIR, DISCOVERY, TIMEOUT);

    public NacosOptions {
        Objects.requireNonNull(serverAddr, "serverAddr");
        namespace = namespace == null ? "" : namespace;
        group = group == null || group.isBlank() ? DEFAULT_GROUP : group;
    }

    /** Options from a config tree, or empty when Nacos is off (no server address). */
    public static Optional<NacosOptions> from(Config config) {
        Settings settings = new Settings(config);
        Optional<String> addr = read(settings, SERVER_ADDR);
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        Path cacheDir = Path.of(read(settings, CACHE_DIR)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "bi-nacos-cache").toString()));
        boolean discovery = read(settings, DISCOVERY).orElse(true);
        Duration timeout = settings.get(TIMEOUT);
        return Optional.of(new NacosOptions(addr.get(), read(settings, NAMESPACE).orElse(""),
                read(settings, GROUP_NAME).orElse(DEFAULT_GROUP), read(settings, USERNAME).orElse(null),
                read(settings, PASSWORD).orElse(null), read(settings, ACCESS_KEY).orElse(null),
                read(settings, SECRET_KEY).orElse(null), cacheDir, discovery, timeout));
    }

    /** Reads {@code a.b.c} or, when unset, the raw environment-variable key {@code A_B_C}. */
    private static <T> Optional<T> read(Settings settings, Option<T> option) {
        return settings.optional(option).or(() -> settings.optionalString(Settings.envName(option.key())).map(option::parse));
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
