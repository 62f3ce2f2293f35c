package com.bi.nacos.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.parse.HostPort;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Decides whether a configuration pushed to Nacos may be applied. Checks, in order: YAML that is a mapping;
 * no key that only the local layers may set ({@code nacos.*}, {@code bi.nacos.*}, {@code deploy.env}); typed
 * values by key shape ({@code bi.log.level}, {@code *.timeout}/{@code *.delay}/{@code *.interval} durations,
 * {@code *.enabled} booleans, {@code *.port} ports, {@code *.retries} 0–5, {@code *.limit}/{@code *.rate}/… numbers
 * ≥ 0, {@code bi.peers.*.address} host:port); then every {@link ConfigRule} on the classpath.
 */
public final class ConfigValidator {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FINEST", "FINER", "FINE",
            "CONFIG", "WARNING", "SEVERE", "OFF", "ALL");
    private static final List<String> LOCAL_ONLY = List.of("nacos.", "bi.nacos.", "deploy.env");
    private static final List<String> DURATIONS = List.of(".timeout", ".delay", ".interval", ".ttl", ".open", ".window", ".backoff");
    private static final List<String> NUMBERS = List.of(".limit", ".rate", ".size", ".max", ".min", ".failures", ".count", ".burst");

    private final String service;
    private final Map<String, String> local;
    private final List<ConfigRule> rules;

    public ConfigValidator(String service, Config local) {
        this.service = service;
        this.local = local == null ? Map.of() : local.asMap().orElse(Map.of());
        this.rules = ServiceLoader.load(ConfigRule.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** Parses and validates; returns the document when it may be applied. */
    public RemoteYaml validate(String text) {
        RemoteYaml candidate = RemoteYaml.parse(text);
        Map<String, String> merged = new HashMap<>(local);
        merged.putAll(candidate.flat());
        Settings settings = new Settings(Config.just(ConfigSources.create(merged)));
        try {
            for (String key : candidate.flat().keySet()) {
                check(key, settings);
            }
            for (ConfigRule rule : rules) {
                rule.check(service, settings);
            }
        } catch (InvalidConfigException e) {
            throw new RejectedConfigException(e.getMessage());
        }
        return candidate;
    }

    private static void check(String key, Settings settings) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String prefix : LOCAL_ONLY) {
            if (lower.equals(prefix) || lower.startsWith(prefix) || lower.startsWith(prefix.replace('.', '_'))) {
                throw new InvalidConfigException(key, "can only be set locally (environment or config files), not from Nacos");
            }
        }
        if (key.equals("bi.log.level")) {
            String level = settings.string(key, "INFO").toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new InvalidConfigException(key, "must be one of TRACE, DEBUG, INFO, WARN, ERROR; got '" + level + "'");
            }
        } else if (endsWith(lower, DURATIONS)) {
            settings.duration(key, null, java.time.Duration.ZERO, java.time.Duration.ofDays(366));
        } else if (lower.endsWith(".enabled") || lower.endsWith(".enable")) {
            settings.bool(key, false);
        } else if (lower.endsWith(".port")) {
            settings.intInRange(key, 0, 0, 65535);
        } else if (lower.endsWith(".retries")) {
            settings.intInRange(key, 0, 0, 5);
        } else if (endsWith(lower, NUMBERS)) {
            number(key, settings.string(key, "0"));
        } else if (lower.startsWith("bi.peers.") && lower.endsWith(".address")) {
            hostPort(key, settings.string(key, ""));
        }
    }

    private static boolean endsWith(String key, List<String> suffixes) {
        return suffixes.stream().anyMatch(key::endsWith);
    }

    private static void number(String key, String value) {
        try {
            if (Double.parseDouble(value) >= 0 && !value.equalsIgnoreCase("NaN")) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigException(key, "must be a number ≥ 0; got '" + value + "'");
    }

    private static void hostPort(String key, String address) {
        try {
            HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key, e.getMessage());
        }
    }
}
