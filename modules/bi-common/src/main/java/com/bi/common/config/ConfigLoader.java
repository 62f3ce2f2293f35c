package com.bi.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.helidon.config.spi.ConfigSource;
import com.bi.common.spi.RemoteConfigProvider;

/**
 * The service's layered configuration, later layers winning:
 * {@code application.yaml} in the jar, {@code application-${DEPLOY_ENV}.yaml} on the classpath,
 * the same two files in the config directory ({@code BI_CONFIG_DIR}, default {@code ./configs}: the image's
 * versioned configs and the chart's mounted ConfigMap), system properties, then environment variables
 * ({@code BI_DB_URL} overrides {@code bi.db.url}).
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static Config load() {
        return load(Map.of(), System.getenv());
    }

    /**
     * The local layers, then — when a {@link RemoteConfigProvider} on the classpath is enabled by them (Nacos
     * when {@code NACOS_SERVER_ADDR} is set) — the remote source on top of everything.
     */
    public static Config load(String service, Map<String, String> overrides, Map<String, String> environment) {
        return load(service, null, overrides, environment);
    }

    /**
     * As {@link #load(String, Map, Map)}, with the jar's layers ({@code application.yaml},
     * {@code application-${DEPLOY_ENV}.yaml}) read from the jar or directory {@code home} was loaded from instead of
     * the first on the class path: when several services share one class path (the launcher), each gets its own.
     *
     * @param home a class of the service (its {@link com.bi.common.server.Service}); null = the class path
     */
    public static Config load(String service, Class<?> home, Map<String, String> overrides, Map<String, String> environment) {
        Config local = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(localSources(home, overrides, environment))
                .build();
        DeployEnv env = DeployEnv.parse(local.get("deploy.env").asString().orElse("dev"));
        for (RemoteConfigProvider provider : ServiceLoader.load(RemoteConfigProvider.class)) {
            Optional<ConfigSource> remote = provider.source(service, env, local);
            if (remote.isPresent()) {
                List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
                ConfigSource source = remote.get();
                sources.add(() -> source);
                sources.addAll(localSources(home, overrides, environment));
                return Config.builder()
                        .disableEnvironmentVariablesSource()
                        .disableSystemPropertiesSource()
                        .sources(sources)
                        .build();
            }
        }
        return local;
    }

    /**
     * @param overrides highest-priority values (tests use them instead of environment variables)
     * @param environment the process environment
     */
    public static Config load(Map<String, String> overrides, Map<String, String> environment) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(localSources(null, overrides, environment))
                .build();
    }

    private static List<Supplier<? extends ConfigSource>> localSources(Class<?> home, Map<String, String> overrides,
                                                                      Map<String, String> environment) {
        String envValue = overrides.getOrDefault("deploy.env", environment.get("DEPLOY_ENV"));
        DeployEnv env = DeployEnv.parse(envValue);
        Path configDir = Path.of(overrides.getOrDefault("bi.config.dir", environment.getOrDefault("BI_CONFIG_DIR", "configs")));

        // Helidon's builder treats the first source as the highest priority.
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(overrides));
        // the given environment with Helidon's aliases (BI_DB_URL → bi.db.url); System.getenv() in production
        sources.add(environment == System.getenv() ? ConfigSources.environmentVariables()
                : ConfigSources.create(EnvironmentVariables.expand(environment)));
        sources.add(ConfigSources.systemProperties());
        addFile(sources, configDir.resolve("application-" + env.id() + ".yaml"));
        addFile(sources, configDir.resolve("application.yaml"));
        if (home == null) {
            sources.add(ConfigSources.classpath("application-" + env.id() + ".yaml").optional());
            sources.add(ConfigSources.classpath("application.yaml").optional());
        } else {
            addOwn(sources, home, "application-" + env.id() + ".yaml");
            addOwn(sources, home, "application.yaml");
        }
        sources.add(ConfigSources.create(Map.of("deploy.env", env.id())));
        return sources;
    }

    /** {@code resource} from the jar or class directory {@code home} came from, if it has one. */
    private static void addOwn(List<Supplier<? extends ConfigSource>> sources, Class<?> home, String resource) {
        CodeSource code = home.getProtectionDomain().getCodeSource();
        if (code == null) {
            throw new IllegalArgumentException(home.getName() + " has no code source to read " + resource + " from");
        }
        // a loader over that one location, without parents: the class path's other copies are not seen
        try (URLClassLoader own = new URLClassLoader(new URL[] {code.getLocation()}, null)) {
            URL url = own.findResource(resource);
            if (url != null) {
                try (InputStream in = url.openStream()) {
                    String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    sources.add(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " of " + code.getLocation(), e);
        }
    }

    private static void addFile(List<Supplier<? extends ConfigSource>> sources, Path file) {
        if (Files.isRegularFile(file)) {
            sources.add(ConfigSources.file(file));
        }
    }
}
