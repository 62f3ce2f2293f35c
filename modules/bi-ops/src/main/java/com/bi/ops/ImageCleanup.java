package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cleanup images: the registry's old images of every service beyond the newest N releases, keeping whatever a Helm
 * revision of the release still references (tag or digest). Reads the registry with skopeo (list-tags, inspect) and
 * the release's history with helm; deletes by digest with skopeo only with --apply (and never under --dry-run).
 */
final class ImageCleanup {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*-?\\s*image:\\s*[\"']?([^\"'\\s]+)[\"']?\\s*$");

    private ImageCleanup() {
    }

    /** An image reference as a manifest holds it: repository (host included), tag and/or digest. */
    record Ref(String repository, String tag, String digest) {
        static Ref parse(String image) {
            String digest = null;
            int at = image.indexOf('@');
            String rest = image;
            if (at >= 0) {
                digest = image.substring(at + 1);
                rest = image.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new Ref(rest, tag, digest);
        }

        boolean sameRepository(String repo) {
            return repository.equals(repo) || repository.endsWith("/" + repo);
        }
    }

    /** Every image any revision's manifest names. */
    static List<Ref> referencedImages(String manifests) {
        List<Ref> refs = new ArrayList<>();
        Matcher m = IMAGE.matcher(manifests);
        while (m.find()) {
            refs.add(Ref.parse(m.group(1)));
        }
        return refs;
    }

    static int run(Args a, PrintStream out) {
        a.expectPositionals(2, 2);
        OpsContext ctx = OpsContext.of(a.positional(1, "env"), a, out);
        String registry = a.option("registry", System.getenv("BI_OPS_REGISTRY"));
        if (registry == null || !registry.matches("[A-Za-z0-9.-]+(:\\d+)?(/[a-z0-9._/-]+)?")) {
            throw OpsException.usage("--registry HOST[:PORT][/PREFIX] is required (BI_OPS_REGISTRY), got '" + registry + "'");
        }
        int keep = BackupCommand.parseKeep(a.option("keep", "5"));
        List<String> repositories = a.option("repositories") == null
                ? Services.names().stream().map(s -> "bi/" + s).toList()
                : List.of(a.option("repositories").split(","));
        boolean tlsVerify = !a.flag("insecure");

        // what the release's history references: every revision Helm keeps can be rolled back to
        Cluster cluster = ctx.cluster();
        Proc.Result h = cluster.helmRead("history", ctx.release(), "--max", "1000", "--output", "json");
        if (!h.ok()) {
            throw OpsException.failed("helm history failed (nothing deleted): " + Proc.tail(h.err()));
        }
        List<Ref> referenced = new ArrayList<>();
        try {
            for (JsonNode rev : JSON.readTree(h.out().isBlank() ? "[]" : h.out())) {
                String n = rev.path("revision").asText();
                Proc.Result m = cluster.helmRead("get", "manifest", ctx.release(), "--revision", n);
                if (!m.ok()) {
                    throw OpsException.failed("helm get manifest --revision " + n + " failed (nothing deleted): " + Proc.tail(m.err()));
                }
                referenced.addAll(referencedImages(m.out()));
            }
        } catch (IOException e) {
            throw OpsException.failed("helm history did not answer JSON (nothing deleted)");
        }
        out.printf("cleanup images of %s in %s: keep the newest %d releases and every image of the %s's history%n",
                ctx.env(), registry, keep, ctx.release());
        int toDelete = 0;
        List<String[]> deletes = new ArrayList<>();
        for (String repo : repositories) {
            String ref = registry + "/" + repo.strip();
            Proc.Result tags = registryRead(tlsVerify, "list-tags", "docker://" + ref);
            if (!tags.ok()) {
                out.printf("  %s: not listed (%s)%n", ref, Proc.tail(tags.err()).lines().findFirst().orElse("no answer"));
                continue;
            }
            List<ImageRetention.Tag> all = new ArrayList<>();
            try {
                for (JsonNode t : JSON.readTree(tags.out()).path("Tags")) {
                    Proc.Result d = registryRead(tlsVerify, "inspect", "--format", "{{.Digest}}", "docker://" + ref + ":" + t.asText());
                    if (!d.ok()) {
                        throw OpsException.failed("cannot resolve " + ref + ":" + t.asText() + " (nothing deleted): " + Proc.tail(d.err()));
                    }
                    all.add(new ImageRetention.Tag(t.asText(), d.out().strip()));
                }
            } catch (IOException e) {
                throw OpsException.failed("skopeo list-tags did not answer JSON for " + ref);
            }
            Set<String> used = new HashSet<>();
            for (Ref r : referenced) {
                if (r.sameRepository(repo.strip())) {
                    if (r.tag() != null) {
                        used.add(r.tag());
                    }
                    if (r.digest() != null) {
                        used.add(r.digest());
                    }
                }
            }
            List<ImageRetention.Decision> decisions = ImageRetention.decide(all, used, keep);
            out.printf("  %s: %d tags%n", ref, all.size());
            for (ImageRetention.Decision d : decisions) {
                out.printf("    %-6s %-28s %s  %s%n", d.delete() ? "DELETE" : "keep", d.tag().tag(), shortDigest(d.tag().digest()), d.reason());
            }
            for (String digest : ImageRetention.digestsToDelete(decisions)) {
                deletes.add(new String[] {ref, digest});
                toDelete++;
            }
        }
        if (!a.flag("apply")) {
            out.println("RESULT cleanup images listed " + toDelete + " manifests to delete (nothing deleted; --apply deletes them)");
            return 0;
        }
        for (String[] d : deletes) {
            List<String> cmd = skopeo(tlsVerify, "delete", "docker://" + d[0] + "@" + d[1]);
            Local.run(ctx, cmd, null, "skopeo delete " + d[0] + "@" + d[1]);
        }
        out.println("RESULT cleanup images deleted " + (ctx.dryRun() ? 0 : toDelete) + " manifests");
        return 0;
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }

    private static List<String> skopeo(boolean tlsVerify, String verb, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Proc.tool("skopeo"), verb));
        if (!tlsVerify) {
            cmd.add("--tls-verify=false");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A registry read (runs under --dry-run too: it changes nothing). */
    private static Proc.Result registryRead(boolean tlsVerify, String verb, String... args) {
        return Proc.run(skopeo(tlsVerify, verb, args));
    }
}
