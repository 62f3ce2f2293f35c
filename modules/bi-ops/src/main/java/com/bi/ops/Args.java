package com.bi.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments of one subcommand: positionals, {@code --name value} / {@code --name=value} options and
 * boolean flags. Anything not declared is refused, so a typo never silently changes what an operation does.
 */
public final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags = new java.util.HashSet<>();

    private Args() {
    }

    /** Global flags every subcommand accepts. */
    static final Set<String> GLOBAL_FLAGS = Set.of("dry-run", "help");

    public static Args parse(List<String> argv, Set<String> valueOptions, Set<String> booleanFlags) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-h")) {
                a.flags.add("help");
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (GLOBAL_FLAGS.contains(name) || booleanFlags.contains(name)) {
                    if (value != null) {
                        throw OpsException.usage("--" + name + " takes no value");
                    }
                    a.flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw OpsException.usage("--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    a.options.put(name, value);
                } else {
                    throw OpsException.usage("unknown option --" + name);
                }
            } else {
                a.positionals.add(arg);
            }
        }
        return a;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public String option(String name) {
        return options.get(name);
    }

    public List<String> positionals() {
        return positionals;
    }

    public String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw OpsException.usage("missing argument <" + what + ">");
        }
        return positionals.get(index);
    }

    public void expectPositionals(int min, int max) {
        if (positionals.size() > max) {
            throw OpsException.usage("unexpected argument '" + positionals.get(max) + "'");
        }
        if (positionals.size() < min) {
            throw OpsException.usage("missing arguments: expected at least " + min + ", got " + positionals.size());
        }
    }
}
