package com.bi.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * One service's traffic switches as a values overlay in the environment's state directory
 * ({@code service-<name>.yaml}): blue-green enabled, the active track, each track's image and replicas, and the
 * gateway canary weight (the share sent to {@code <service>-preview}, i.e. the idle track).
 */
public record ServiceSwitch(String service, String active, Map<String, Object> blueImage, Map<String, Object> greenImage,
                            Object blueReplicas, Object greenReplicas, int weight) {

    public static final String BLUE = "blue";
    public static final String GREEN = "green";

    public String idle() {
        return other(active);
    }

    public static String other(String track) {
        return track.equals(BLUE) ? GREEN : BLUE;
    }

    public static Path file(OpsContext ctx, String service) {
        return ctx.stateDir().resolve("service-" + service + ".yaml");
    }

    public ServiceSwitch withActive(String track) {
        return new ServiceSwitch(service, track, blueImage, greenImage, blueReplicas, greenReplicas, weight);
    }

    public ServiceSwitch withWeight(int w) {
        return new ServiceSwitch(service, active, blueImage, greenImage, blueReplicas, greenReplicas, w);
    }

    public ServiceSwitch withImage(String track, ImageRef image) {
        return track.equals(BLUE)
                ? new ServiceSwitch(service, active, image.values(), greenImage, blueReplicas, greenReplicas, weight)
                : new ServiceSwitch(service, active, blueImage, image.values(), blueReplicas, greenReplicas, weight);
    }

    /** Replicas of a track: "" = the chart's default (active: replicaCount/HPA, idle: 1), 0 parks it. */
    public ServiceSwitch withReplicas(String track, Object replicas) {
        return track.equals(BLUE)
                ? new ServiceSwitch(service, active, blueImage, greenImage, replicas, greenReplicas, weight)
                : new ServiceSwitch(service, active, blueImage, greenImage, blueReplicas, replicas, weight);
    }

    public Map<String, Object> image(String track) {
        return track.equals(BLUE) ? blueImage : greenImage;
    }

    /**
     * The switch as last written by bi-ops, or — the first time — the active track the release runs now
     * (read from the cluster with helm get values), with no image overrides.
     */
    @SuppressWarnings("unchecked")
    public static ServiceSwitch load(OpsContext ctx, Cluster cluster, String service) {
        Path f = file(ctx, service);
        if (Files.isRegularFile(f)) {
            Map<String, Object> root = Yamls.map(Yamls.read(f), f.toString());
            Map<String, Object> svc = (Map<String, Object>) root.getOrDefault(service, Map.of());
            Map<String, Object> bg = (Map<String, Object>) svc.getOrDefault("blueGreen", Map.of());
            Map<String, Object> tracks = (Map<String, Object>) bg.getOrDefault("tracks", Map.of());
            Map<String, Object> blue = (Map<String, Object>) tracks.getOrDefault(BLUE, Map.of());
            Map<String, Object> green = (Map<String, Object>) tracks.getOrDefault(GREEN, Map.of());
            Map<String, Object> canary = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) root
                    .getOrDefault("gateway", Map.of())).getOrDefault("canary", Map.of())).getOrDefault(service, Map.of());
            return new ServiceSwitch(service, String.valueOf(bg.getOrDefault("active", BLUE)),
                    (Map<String, Object>) blue.getOrDefault("image", Map.of()), (Map<String, Object>) green.getOrDefault("image", Map.of()),
                    blue.getOrDefault("replicaCount", ""), green.getOrDefault("replicaCount", ""),
                    ((Number) canary.getOrDefault("weight", 0)).intValue());
        }
        String active = BLUE;
        Proc.Result r = cluster.helmRead("get", "values", ctx.release(), "--all", "--output", "json");
        if (r.ok()) {
            Object values = Yamls.parse(r.out());
            if (values instanceof Map<?, ?> m && m.get(service) instanceof Map<?, ?> s
                    && s.get("blueGreen") instanceof Map<?, ?> bg && Boolean.TRUE.equals(bg.get("enabled"))
                    && GREEN.equals(bg.get("active"))) {
                active = GREEN;
            }
        } else if (!cluster.dryRun()) {
            throw OpsException.failed("cannot read the release's values (helm get values " + ctx.release() + "): " + Proc.tail(r.err()));
        }
        return new ServiceSwitch(service, active, Map.of(), Map.of(), "", "", 0);
    }

    public Map<String, Object> toValues() {
        Map<String, Object> blue = new LinkedHashMap<>();
        blue.put("image", blueImage);
        blue.put("replicaCount", blueReplicas);
        Map<String, Object> green = new LinkedHashMap<>();
        green.put("image", greenImage);
        green.put("replicaCount", greenReplicas);
        Map<String, Object> tracks = new LinkedHashMap<>();
        tracks.put(BLUE, blue);
        tracks.put(GREEN, green);
        Map<String, Object> bg = new LinkedHashMap<>();
        bg.put("enabled", true);
        bg.put("active", active);
        bg.put("tracks", tracks);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(service, Map.of("blueGreen", bg));
        root.put("gateway", Map.of("canary", Map.of(service, Map.of("weight", weight))));
        return root;
    }

    /** Writes the overlay (under --dry-run: prints it). */
    public void save(OpsContext ctx) {
        String text = "# written by scripts/bi-ops: blue-green and canary switches of " + service + " in " + ctx.env()
                + " (passed to every helm upgrade)\n" + Yamls.dump(toValues());
        Path f = file(ctx, service);
        if (ctx.dryRun()) {
            ctx.out().println("DRY-RUN would write " + f + ":\n" + text.indent(2));
            return;
        }
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw OpsException.failed("cannot write " + f + ": " + e.getMessage());
        }
        ctx.out().println("WROTE " + f + " (active " + active + ", canary weight " + weight + ")");
    }

    /** YAML helpers (safe loading: no arbitrary types). */
    public static final class Yamls {
        private Yamls() {
        }

        static Object parse(String text) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        }

        static Object read(Path f) {
            try {
                return parse(Files.readString(f));
            } catch (IOException e) {
                throw OpsException.failed("cannot read " + f + ": " + e.getMessage());
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o, String what) {
            if (o == null) {
                return Map.of();
            }
            if (!(o instanceof Map<?, ?>)) {
                throw OpsException.failed(what + " is not a YAML mapping");
            }
            return (Map<String, Object>) o;
        }

        static String dump(Object o) {
            DumperOptions opts = new DumperOptions();
            opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            opts.setIndent(2);
            return new Yaml(new Representer(opts), opts).dump(o);
        }
    }
}
