package com.bi.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

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
        Config local = load(overrides, environment);
        DeployEnv env = DeployEnv.parse(local.get("deploy.env").asString().orElse("dev"));
        for (RemoteConfigProvider provider : ServiceLoader.load(RemoteConfigProvider.class)) {
            Optional<ConfigSource> remote = provider.source(service, env, local);
            if (remote.isPresent()) {
                List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
                ConfigSource source = remote.get();
                sources.add(() -> source);
                sources.addAll(localSources(overrides, environment));
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
                .sources(localSources(overrides, environment))
                .build();
    }

    private static List<Supplier<? extends ConfigSource>> localSources(Map<String, String> overrides,
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
        sources.add(ConfigSources.classpath("application-" + env.id() + ".yaml").optional());
        sources.add(ConfigSources.classpath("application.yaml").optional());
        sources.add(ConfigSources.create(Map.of("deploy.env", env.id())));
        return sources;
    }

    private static void addFile(List<Supplier<? extends ConfigSource>> sources, Path file) {
        if (Files.isRegularFile(file)) {
            sources.add(ConfigSources.file(file));
        }
    }
}
