package com.bi.common.config;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.helidon.config.Config;

/**
 * An option declared to apply without a restart. Only these can be read live: {@link #live} gives the current value
 * on every call, {@link #onChange} tells a listener. A pushed value that does not validate was refused before it
 * was applied (Nacos push validation); should one get through anyway, the last good value stays and a warning names
 * the key.
 */
public final class ReloadableOption<T> extends Option<T> {
    private static final System.Logger LOG = System.getLogger(ReloadableOption.class.getName());

    ReloadableOption(Option<T> o) {
        super(o.key, o.type, o.convert, o.description, o.defaultValue, o.defaultText, o.min, o.max, o.allowed, o.format,
                o.formatText, o.unit, o.secret, o.required, o.localOnly);
    }

    @Override
    Option<T> copy(T defaultValue, String defaultText, Comparable<?> min, Comparable<?> max, Pattern format,
                   String formatText, String unit, boolean secret, boolean required, boolean localOnly) {
        return new ReloadableOption<>(super.copy(defaultValue, defaultText, min, max, format, formatText, unit, secret,
                required, localOnly));
    }

    @Override
    public boolean isReloadable() {
        return true;
    }

    @Override
    public ReloadableOption<T> at(String name) {
        return (ReloadableOption<T>) super.at(name);
    }

    /**
     * The value now: read from {@code current} on every call (validated at start from {@code atStart}); a value that
     * does not validate keeps the last good one.
     */
    public Supplier<T> live(Settings atStart, Supplier<Settings> current) {
        AtomicReference<T> lastGood = new AtomicReference<>(get(atStart));
        return () -> {
            try {
                T value = get(current.get());
                lastGood.set(value);
                return value;
            } catch (InvalidConfigException e) {
                LOG.log(Level.WARNING, e.getMessage() + "; keeping " + (secret ? "***" : lastGood.get()));
                return lastGood.get();
            }
        };
    }

    /** Calls {@code listener} with the new value whenever the key changes (the default when it is removed). */
    public void onChange(Config root, Consumer<T> listener) {
        root.get(key).onChange(node -> {
            Optional<String> raw = node.asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
            try {
                T value = raw.isPresent() ? parse(raw.get()) : get(new Settings(Config.empty()));
                listener.accept(value);
            } catch (InvalidConfigException e) {
                LOG.log(Level.WARNING, e.getMessage() + "; change ignored");
            }
        });
    }
}
