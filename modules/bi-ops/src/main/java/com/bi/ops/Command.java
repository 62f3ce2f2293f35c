package com.bi.ops;

import java.io.PrintStream;
import java.util.Set;

/** One subcommand of bi-ops. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** The whole --help text. */
    String usage();

    default Set<String> options() {
        return Set.of();
    }

    default Set<String> flags() {
        return Set.of();
    }

    /** Runs it; returns the exit code (failures throw OpsException). */
    int run(Args args, PrintStream out);
}
