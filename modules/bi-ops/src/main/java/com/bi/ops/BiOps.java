package com.bi.ops;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of scripts/bi-ops: {@code bi-ops <subcommand> [args] [--dry-run] [--help]}. Prints a readable reason
 * and exits non-zero on failure (2 usage, 1 failed, 3 canary rolled back); never a stack trace for an operator error.
 */
public final class BiOps {
    private BiOps() {
    }

    static Map<String, Command> commands(OpsClock clock) {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.of(new PreflightCommand(), new DeployCommand(), new RenderCommand(), new DiffCommand(), new SmokeCommand(),
                new RollbackCommand(), new BlueGreenCommand(clock), new BlueGreenCommand.Abort(), new CanaryCommand(clock),
                new CanaryAbortCommand(), new RotateCommand(), new CleanupCommand(), new BackupCommand(clock), new RestoreCommand())) {
            m.put(c.name(), c);
        }
        return m;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err, OpsClock.system()));
    }

    static int run(String[] argv, PrintStream out, PrintStream err, OpsClock clock) {
        Map<String, Command> commands = commands(clock);
        if (argv.length == 0 || List.of("-h", "--help", "help").contains(argv[0])) {
            out.print(overview(commands));
            return argv.length == 0 ? OpsException.USAGE : 0;
        }
        Command c = commands.get(argv[0]);
        if (c == null) {
            err.println("bi-ops: unknown subcommand '" + argv[0] + "' (bi-ops --help lists them)");
            return OpsException.USAGE;
        }
        try {
            Args args = Args.parse(Arrays.asList(argv).subList(1, argv.length), c.options(), c.flags());
            if (args.flag("help")) {
                out.print(c.usage());
                return 0;
            }
            return c.run(args, out);
        } catch (OpsException e) {
            out.flush();
            err.println("bi-ops " + c.name() + ": " + e.getMessage());
            if (e.exitCode() == OpsException.USAGE) {
                err.println("(bi-ops " + c.name() + " --help shows the usage)");
            }
            return e.exitCode();
        }
    }

    static String overview(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder("""
                usage: bi-ops <subcommand> [args] [--dry-run] [--help]

                Operates one environment (dev, test, prod) of the bi-platform Helm release. Every subcommand has --help;
                --dry-run prints each change (helm/kubectl command, file written) instead of making it.

                subcommands:
                """);
        commands.values().forEach(c -> sb.append(String.format("  %-17s %s%n", c.name(), c.summary())));
        sb.append("""

                environment: BI_OPS_NAMESPACE (default bi-<env>), BI_OPS_RELEASE (bi-platform), BI_OPS_KUBE_CONTEXT,
                BI_OPS_CHART (charts/bi-platform with its dependencies built), BI_OPS_STATE_DIR (values overlays bi-ops
                writes; keep it in git), BI_OPS_PROMETHEUS_URL, BI_OPS_HELM / BI_OPS_KUBECTL (the programs to run).
                exit codes: 0 ok, 1 failed, 2 usage, 3 canary rolled back.
                """);
        return sb.toString();
    }
}
