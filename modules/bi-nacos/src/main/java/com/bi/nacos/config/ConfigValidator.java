package com.bi.nacos.config;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.KitOptions;
import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.Settings;
import com.bi.nacos.NacosOptions;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Decides whether a configuration pushed to Nacos may be applied, by the option declarations — the same ones the
 * service validates at start: the kit's ({@link KitOptions}), Nacos's own ({@link NacosOptions#GROUP}, all
 * local-only) and the service's, packaged as {@code META-INF/bi-options/<service>.json} in its jar (and in the CLI's).
 * Checks, in order: YAML that is a mapping; per key, that it is not local-only ({@code nacos.*}, {@code bi.nacos.*},
 * {@code deploy.env}, {@code bi.config.dir}) and that its value passes its declared rule (type, range, allowed
 * values, shape); then every {@link ConfigRule} on the classpath on the merged view.
 *
 * <p>Unknown keys: a {@code bi.*} key the service does not declare is <b>refused</b> when the service's catalog is
 * known (a typo such as {@code bi.jushuitan.retires} would otherwise be applied and silently ignored); keys outside
 * {@code bi.*} (Helidon's {@code server.*} tree, Kafka client properties, …) are passed through with a warning. For a
 * service without a packaged catalog (one not built yet) only the kit's keys are checked and unknown keys warn.
 */
public final class ConfigValidator {
    private static final System.Logger LOG = System.getLogger(ConfigValidator.class.getName());
    private static final List<String> LOCAL_ONLY_PREFIXES = List.of("nacos.", "bi.nacos.");

    private final String service;
    private final Map<String, String> local;
    private final OptionCatalog catalog;
    private final boolean serviceKnown;
    private final Consumer<String> warnings;
    private final List<ConfigRule> rules;

    /** For a service whose catalog is on the class path (its own jar, or the CLI's); warnings are logged. */
    public ConfigValidator(String service, Config local) {
        this(service, local, OptionCatalog.load(service, ConfigValidator.class.getClassLoader()),
                message -> LOG.log(Level.WARNING, message));
    }

    /**
     * @param serviceCatalog the service's own options; empty when unknown (then only the kit's keys are checked)
     * @param warnings       receives one line per key passed through unchecked
     */
    public ConfigValidator(String service, Config local, Optional<OptionCatalog> serviceCatalog, Consumer<String> warnings) {
        this.service = service;
        this.local = local == null ? Map.of() : local.asMap().orElse(Map.of());
        OptionCatalog base = KitOptions.CATALOG.plus(OptionCatalog.of("bi-nacos", NacosOptions.GROUP));
        this.catalog = serviceCatalog.map(base::plus).orElse(base);
        this.serviceKnown = serviceCatalog.isPresent();
        this.warnings = warnings;
        this.rules = ServiceLoader.load(ConfigRule.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** Whether the service's own options are known (its catalog was found). */
    public boolean knowsService() {
        return serviceKnown;
    }

    /** Parses and validates; returns the document when it may be applied. */
    public RemoteYaml validate(String text) {
        RemoteYaml candidate = RemoteYaml.parse(text);
        Map<String, String> merged = new HashMap<>(local);
        merged.putAll(candidate.flat());
        Settings settings = new Settings(Config.just(ConfigSources.create(merged)));
        try {
            for (Map.Entry<String, String> entry : new TreeMap<>(candidate.flat()).entrySet()) { // in key order: stable messages
                check(entry.getKey(), entry.getValue());
            }
            for (ConfigRule rule : rules) {
                rule.check(service, settings);
            }
        } catch (InvalidConfigException e) {
            throw new RejectedConfigException(e.getMessage());
        }
        return candidate;
    }

    private void check(String key, String value) {
        String lower = key.toLowerCase(Locale.ROOT);
        Optional<Option<?>> declared = catalog.find(key);
        boolean localOnly = declared.map(Option::isLocalOnly).orElse(false)
                || LOCAL_ONLY_PREFIXES.stream().anyMatch(p -> lower.startsWith(p) || lower.startsWith(p.replace('.', '_')));
        if (localOnly) {
            throw new InvalidConfigException(key, "can only be set locally (environment or config files), not from Nacos");
        }
        if (declared.isPresent()) {
            if (!value.isBlank()) {
                declared.get().forKey(key).check(value);
            }
            return;
        }
        if (lower.startsWith("bi.") && serviceKnown) {
            throw new InvalidConfigException(key, "is not an option of " + service
                    + " (misspelt, or another service's?); see the configuration reference in the README");
        }
        warnings.accept(service + ": '" + key + "' is not a declared option" + (serviceKnown ? "" : " (no option catalog for "
                + service + ": only the kit's options are checked)") + "; passed through unchecked");
    }
}
