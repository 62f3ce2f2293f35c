package com.bi.common.config;

import java.util.List;
import java.util.Objects;

/**
 * The options of one part (a kit part such as {@code database} or {@code jwt}, or a service): declared as
 * constants in its {@code XxxOptions} class and listed here for startup validation, push validation and the
 * configuration reference.
 *
 * @param name  short id ({@code database}, {@code bi-analysis})
 * @param title what the part is, for the reference's heading
 */
public record OptionGroup(String name, String title, List<Option<?>> options) {
    public OptionGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        options = List.copyOf(options);
    }

    public static OptionGroup of(String name, String title, Option<?>... options) {
        return new OptionGroup(name, title, List.of(options));
    }

    /** Reads every option of the group once, so a bad value stops the start with the key, value and rule. */
    public void validate(Settings settings) {
        for (Option<?> option : options) {
            if (!option.isFamily()) {
                if (option.isRequired()) {
                    option.get(settings);
                } else {
                    option.optional(settings);
                }
            }
        }
    }
}
