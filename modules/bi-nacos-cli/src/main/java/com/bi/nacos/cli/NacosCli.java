package com.bi.nacos.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.bi.common.config.OptionCatalog;
import com.bi.nacos.NacosOptions;
import com.bi.nacos.config.ConfigValidator;
import com.bi.nacos.config.RejectedConfigException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bi-nacos-cli <publish|backup|restore|drift> [options]}; connection from NACOS_SERVER_ADDR, NACOS_NAMESPACE,
 * NACOS_GROUP, NACOS_USERNAME, NACOS_PASSWORD (the password only from the environment). Exit codes: 0 ok,
 * 1 drift found / invalid file, 2 usage or Nacos error.
 *
 * <ul>
 *   <li>{@code publish --env dev [--dir config/nacos] [--dry-run]}: validates (by the kit's and the service's option
 *       declarations; an undeclared {@code bi.*} key of a known service is refused, other unknown keys warn) and
 *       publishes every {@code <dir>/<env>/<service>-<env>.yaml} as data id {@code <service>-<env>.yaml};</li>
 *   <li>{@code backup [--out target/nacos-backups]}: every config of the namespace into
 *       {@code nacos-backup-<namespace>-<UTC time>.zip} ({@code <group>/<dataId>} entries + manifest.json);</li>
 *   <li>{@code restore --archive FILE}: publishes every entry of a backup back into the namespace;</li>
 *   <li>{@code drift --env dev [--dir config/nacos]}: compares git with Nacos; prints a unified diff per
 *       difference and exits 1 when there is any.</li>
 * </ul>
 */
public final class NacosCli {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    NacosCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new NacosCli(System.getenv(), System.out, System.err).run(args));
    }

    int run(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dry-run")) {
                opts.put("dry-run", "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                err.println("unknown argument: " + a);
                usage();
                return 2;
            }
        }
        try {
            return switch (args[0]) {
                case "publish" -> publish(opts);
                case "backup" -> backup(opts);
                case "restore" -> restore(opts);
                case "drift" -> drift(opts);
                default -> {
                    err.println("unknown command: " + args[0]);
                    usage();
                    yield 2;
                }
            };
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e);
            return 2;
        }
    }

    private void usage() {
        err.println("""
                usage: nacos-cli publish --env <dev|test|prod> [--dir config/nacos] [--dry-run]
                       nacos-cli backup [--out target/nacos-backups]
                       nacos-cli restore --archive <file.zip>
                       nacos-cli drift --env <dev|test|prod> [--dir config/nacos]
                common: [--server host:port] [--namespace id] [--group name] [--username user]
                        (defaults: NACOS_SERVER_ADDR, NACOS_NAMESPACE, NACOS_GROUP, NACOS_USERNAME; NACOS_PASSWORD)""");
    }

    private NacosApi api(Map<String, String> opts) {
        String server = opts.getOrDefault("server", env.get("NACOS_SERVER_ADDR"));
        if (server == null || server.isBlank()) {
            throw new CliException("no Nacos server: set NACOS_SERVER_ADDR or pass --server host:port");
        }
        return new NacosApi(server, opts.getOrDefault("namespace", env.getOrDefault("NACOS_NAMESPACE", "")),
                opts.getOrDefault("username", env.get("NACOS_USERNAME")), env.get("NACOS_PASSWORD"));
    }

    private String group(Map<String, String> opts) {
        String g = opts.getOrDefault("group", env.getOrDefault("NACOS_GROUP", ""));
        return g.isBlank() ? NacosOptions.DEFAULT_GROUP : g;
    }

    /** The files of an environment: data id → content, each named {@code <service>-<env>.yaml}. */
    private Map<String, String> gitFiles(Map<String, String> opts) throws IOException {
        String envName = required(opts, "env");
        if (!List.of("dev", "test", "prod").contains(envName)) {
            throw new CliException("--env must be dev, test or prod; got '" + envName + "'");
        }
        Path dir = Path.of(opts.getOrDefault("dir", "config/nacos")).resolve(envName);
        if (!Files.isDirectory(dir)) {
            throw new CliException("no directory " + dir);
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".yaml")) {
                    continue;
                }
                if (!name.endsWith("-" + envName + ".yaml")) {
                    throw new CliException(file + ": the data id must be <service>-" + envName + ".yaml");
                }
                files.put(name, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private int publish(Map<String, String> opts) throws IOException {
        Map<String, String> files = gitFiles(opts);
        String envName = opts.get("env");
        int invalid = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            String service = f.getKey().substring(0, f.getKey().length() - ("-" + envName + ".yaml").length());
            try {
                ConfigValidator validator = new ConfigValidator(service, null,
                        OptionCatalog.load(service, NacosCli.class.getClassLoader()), w -> err.println("warning: " + w));
                validator.validate(f.getValue());
            } catch (RejectedConfigException e) {
                err.println("invalid " + f.getKey() + ": " + e.getMessage());
                invalid++;
            }
        }
        if (invalid > 0) {
            err.println(invalid + " invalid file(s); nothing published");
            return 1;
        }
        NacosApi api = api(opts);
        String group = group(opts);
        boolean dryRun = opts.containsKey("dry-run");
        int published = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            Optional<String> current = api.get(f.getKey(), group);
            if (current.isPresent() && same(current.get(), f.getValue())) {
                out.println("unchanged " + group + "/" + f.getKey());
                continue;
            }
            if (!dryRun) {
                api.publish(f.getKey(), group, "yaml", f.getValue());
            }
            published++;
            out.println((dryRun ? "would publish " : "published ") + group + "/" + f.getKey()
                    + (current.isPresent() ? " (changed)" : " (new)"));
        }
        out.println((dryRun ? "dry run: " : "") + published + " of " + files.size() + " config(s) "
                + (dryRun ? "would be " : "") + "published to " + api.where());
        return 0;
    }

    private int backup(Map<String, String> opts) throws IOException {
        NacosBackup.Written written = new NacosBackup(api(opts)).write(Path.of(opts.getOrDefault("out", "target/nacos-backups")),
                ZonedDateTime.now(ZoneOffset.UTC));
        out.println("backed up " + written.configs() + " config(s) of " + written.where() + " to " + written.archive());
        return 0;
    }

    @SuppressWarnings("unchecked")
    private int restore(Map<String, String> opts) throws IOException {
        Path archive = Path.of(required(opts, "archive"));
        if (!Files.isRegularFile(archive)) {
            throw new CliException("no archive " + archive);
        }
        Map<String, String> contents = new LinkedHashMap<>();
        Map<String, Object> manifest = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                byte[] bytes = zip.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    manifest = new ObjectMapper().readValue(bytes, Map.class);
                } else if (e.getName().startsWith("configs/")) {
                    contents.put(e.getName().substring("configs/".length()), new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
        if (manifest == null) {
            throw new CliException(archive + " is not a nacos backup (no manifest.json)");
        }
        NacosApi api = api(opts);
        int restored = 0;
        for (Map<String, String> entry : (List<Map<String, String>>) manifest.get("configs")) {
            String key = entry.get("group") + "/" + entry.get("dataId");
            String content = contents.get(key);
            if (content == null) {
                throw new CliException(archive + " lists " + key + " but does not contain it");
            }
            api.publish(entry.get("dataId"), entry.get("group"), entry.get("type"), content);
            out.println("restored " + key);
            restored++;
        }
        out.println("restored " + restored + " config(s) from " + archive + " into " + api.where());
        return 0;
    }

    private int drift(Map<String, String> opts) throws IOException {
        Map<String, String> files = gitFiles(opts);
        String envName = opts.get("env");
        NacosApi api = api(opts);
        String group = group(opts);
        String dir = Path.of(opts.getOrDefault("dir", "config/nacos")).resolve(envName).toString();
        int drifted = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            Optional<String> remote = api.get(f.getKey(), group);
            String nacosName = "nacos:" + (api.namespace().isEmpty() ? "public" : api.namespace()) + "/" + group + "/" + f.getKey();
            if (remote.isEmpty()) {
                out.println("MISSING in Nacos: " + nacosName + " (run scripts/nacos-publish.sh " + envName + ")");
                drifted++;
            } else if (!same(remote.get(), f.getValue())) {
                out.println("DRIFT " + f.getKey() + ":");
                out.print(LineDiff.unified("git:" + dir + "/" + f.getKey(), f.getValue(), nacosName, remote.get(), 3));
                drifted++;
            }
        }
        for (NacosApi.Item item : api.list()) {
            if (item.group().equals(group) && item.dataId().endsWith("-" + envName + ".yaml") && !files.containsKey(item.dataId())) {
                out.println("ONLY in Nacos (not in git): " + group + "/" + item.dataId());
                drifted++;
            }
        }
        if (drifted > 0) {
            out.println(drifted + " difference(s) between " + dir + " and " + api.where());
            return 1;
        }
        out.println("in sync: " + files.size() + " config(s) in " + dir + " match " + api.where());
        return 0;
    }

    private static boolean same(String a, String b) {
        return a.strip().replace("\r\n", "\n").equals(b.strip().replace("\r\n", "\n"));
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isBlank()) {
            throw new CliException("--" + key + " is required");
        }
        return v;
    }
}
