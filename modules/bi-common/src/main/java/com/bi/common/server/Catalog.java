package com.bi.common.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform's services and their ports and API prefixes, read from the one catalog file
 * ({@code catalog/services.catalog} in this jar; the chart tests, the image template and the README's table read the
 * same file). Ports are unique, so every service runs side by side on one laptop; a service's default HTTP and gRPC
 * ports and its peers' default {@code localhost:<grpc port>} come from here. Entries without ports are
 * run-to-completion jobs (bi-cron).
 *
 * @param httpPort 0 for a job
 * @param grpcPort 0 for a job
 * @param apiPrefix empty for a job
 * @param built false for a service the chart already deploys but no module implements yet
 */
public record Catalog(String serviceName, int httpPort, int grpcPort, String apiPrefix, boolean built, String description) {
    /** Where the catalog is, on the class path and below {@code modules/bi-common/src/main/resources}. */
    public static final String RESOURCE = "catalog/services.catalog";
    private static final Pattern NAME = Pattern.compile("bi-[a-z][a-z0-9-]{1,30}");
    private static final Pattern PREFIX = Pattern.compile("/api/[a-z][a-z0-9-]*/v[0-9]+/");
    private static final List<Catalog> ALL = load();

    public static final Catalog BI_SYS = of("bi-sys");
    public static final Catalog BI_TENANT = of("bi-tenant");
    public static final Catalog BI_BASIC = of("bi-basic");
    public static final Catalog BI_ANALYSIS = of("bi-analysis");
    public static final Catalog BI_PLAN_TAOXI = of("bi-plan-taoxi");
    public static final Catalog BI_TEMPLATE = of("bi-template");

    /** Every entry, in the file's order. */
    public static List<Catalog> all() {
        return ALL;
    }

    /** @throws IllegalArgumentException when {@code serviceName} is not in the catalog */
    public static Catalog of(String serviceName) {
        return find(serviceName).orElseThrow(() -> new IllegalArgumentException("not a service of the catalog: " + serviceName));
    }

    public static Optional<Catalog> find(String serviceName) {
        return ALL.stream().filter(c -> c.serviceName.equals(serviceName)).findFirst();
    }

    /** A long-running service with ports (not a job). */
    public boolean hasPorts() {
        return httpPort > 0;
    }

    private static List<Catalog> load() {
        InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The entries of a catalog file; every rule a new line must keep is checked here (so a bad line fails the kit's
     * tests and every service at start, naming the line).
     */
    public static List<Catalog> parse(Reader text) throws IOException {
        List<Catalog> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        BufferedReader lines = new BufferedReader(text);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 6);
            String where = RESOURCE + " line " + number + ": ";
            if (f.length < 6) {
                throw new IllegalStateException(where + "needs name, http, grpc, prefix, state and a description");
            }
            if (!NAME.matcher(f[0]).matches() || !names.add(f[0])) {
                throw new IllegalStateException(where + "the name must be a new bi-<lower-case> name; got " + f[0]);
            }
            boolean job = f[1].equals("-");
            if (job != f[2].equals("-") || job != f[3].equals("-")) {
                throw new IllegalStateException(where + "a job has '-' for both ports and the prefix; a service has all three");
            }
            int http = job ? 0 : port(where, f[1], ports);
            int grpc = job ? 0 : port(where, f[2], ports);
            if (!job && (!PREFIX.matcher(f[3]).matches() || !prefixes.add(f[3]))) {
                throw new IllegalStateException(where + "the prefix must be a new /api/<name>/v<n>/; got " + f[3]);
            }
            if (!f[4].equals("built") && !f[4].equals("planned")) {
                throw new IllegalStateException(where + "the state is built or planned; got " + f[4]);
            }
            entries.add(new Catalog(f[0], http, grpc, job ? "" : f[3], f[4].equals("built"), f[5].trim()));
        }
        return List.copyOf(entries);
    }

    private static int port(String where, String value, Set<Integer> taken) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + "a port is a number; got " + value);
        }
        if (port < 1024 || port > 65535 || !taken.add(port)) {
            throw new IllegalStateException(where + "port " + port + " must be 1024 to 65535 and not taken by another entry");
        }
        return port;
    }

    /** The README's "Services and ports" table, as {@code CatalogTest} holds it equal to the README. */
    public static String markdownTable(List<Catalog> entries) {
        StringBuilder table = new StringBuilder("| service | what it owns | API prefix | HTTP | gRPC | state |\n"
                + "|---|---|---|---|---|---|\n");
        for (Catalog c : entries) {
            table.append("| ").append(c.serviceName).append(" | ").append(c.description).append(" | ")
                    .append(c.hasPorts() ? "`" + c.apiPrefix + "`" : "—").append(" | ")
                    .append(c.hasPorts() ? String.valueOf(c.httpPort) : "—").append(" | ")
                    .append(c.hasPorts() ? String.valueOf(c.grpcPort) : "—").append(" | ")
                    .append(c.built ? "built" : "planned").append(" |\n");
        }
        return table.toString();
    }
}
