package com.bi.launcher;

import java.nio.file.Path;
import java.util.List;

import com.bi.common.logging.LoggingOptions;

/**
 * The launcher's command line: {@code [--data-dir DIR] [--port 8080] [--host 127.0.0.1] [--port-offset 0]
 * [--orders 40000] [--no-demo] [--log-format text|json]}. Everything else a service reads comes from its own settings
 * (files, {@code BI_*}).
 */
public record LauncherOptions(Path dataDir, String host, int port, int portOffset, long orders, boolean demo,
                              LoggingOptions.Format logFormat) {
    /** The largest {@code --port-offset}: the catalog's highest port plus it stays a port. */
    public static final int MAX_PORT_OFFSET = 50_000;
    public static final String USAGE = """
            usage: java -jar bi-launcher.jar [options]
              --data-dir DIR      where the database and this platform's secrets live (default ~/.bi-platform/launcher)
              --port N            the edge's port: console at /, APIs at /api/<service>/v1/ (default 8080)
              --host ADDR         the edge's bind address (default 127.0.0.1; the services always bind 127.0.0.1)
              --port-offset N     the services listen on their catalog ports plus N (default 0: 8000-8010, 9000-9010),
                                  for a machine where those are taken
              --orders N          demo orders over the last year, made on the first start (default 40000)
              --no-demo           no demo tenant, shops or orders
              --log-format F      text (default here) or json
            """;

    public static LauncherOptions parse(List<String> args, String home, String logFormatEnv) {
        Path dataDir = Path.of(home, ".bi-platform", "launcher");
        String host = "127.0.0.1";
        int port = 8080;
        int portOffset = 0;
        long orders = 40_000;
        boolean demo = true;
        LoggingOptions.Format format = "json".equalsIgnoreCase(logFormatEnv) ? LoggingOptions.Format.JSON : LoggingOptions.Format.TEXT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = number(value(args, ++i, arg), arg, 0, 65_535);
                case "--port-offset" -> portOffset = number(value(args, ++i, arg), arg, 0, MAX_PORT_OFFSET);
                case "--orders" -> orders = number(value(args, ++i, arg), arg, 0, 5_000_000);
                case "--no-demo" -> demo = false;
                case "--log-format" -> format = switch (value(args, ++i, arg)) {
                    case "text" -> LoggingOptions.Format.TEXT;
                    case "json" -> LoggingOptions.Format.JSON;
                    default -> throw new IllegalArgumentException("--log-format is text or json");
                };
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new LauncherOptions(dataDir.toAbsolutePath().normalize(), host, port, portOffset, orders, demo, format);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int number(String value, String option, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(option + " is a number from " + min + " to " + max + "; got " + value);
    }
}
