package com.bi.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which images of one repository may go: release tags beyond the newest N, unless a Helm revision still references
 * the tag or its digest (a rollback needs it), and unless another kept tag points at the same manifest (a registry
 * deletes by digest, which takes every tag of that manifest with it). Tags that are not release versions are kept.
 */
final class ImageRetention {
    private static final Pattern RELEASE = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+](.+))?");

    record Tag(String tag, String digest) {
    }

    record Decision(Tag tag, boolean delete, String reason) {
    }

    private ImageRetention() {
    }

    /**
     * @param tags       every tag of the repository with its manifest digest
     * @param referenced tags and digests ({@code sha256:...}) of this repository named by any Helm revision
     */
    static List<Decision> decide(List<Tag> tags, Set<String> referenced, int keep) {
        List<Tag> releases = tags.stream().filter(t -> RELEASE.matcher(t.tag()).matches())
                .sorted(Comparator.comparing(Tag::tag, ImageRetention::compareVersions).reversed()).toList();
        Set<String> newest = new LinkedHashSet<>();
        releases.stream().limit(keep).forEach(t -> newest.add(t.tag()));
        Map<String, Decision> first = new LinkedHashMap<>();
        for (Tag t : tags) {
            String reason;
            if (!RELEASE.matcher(t.tag()).matches()) {
                reason = "not a release tag";
            } else if (newest.contains(t.tag())) {
                reason = "one of the newest " + keep + " releases";
            } else if (referenced.contains(t.tag()) || referenced.contains(t.digest())) {
                reason = "referenced by a Helm revision";
            } else {
                reason = null;
            }
            first.put(t.tag(), new Decision(t, reason == null, reason == null ? "older than the newest " + keep + " releases" : reason));
        }
        // a manifest goes only when none of its tags is kept
        Map<String, String> keptByDigest = new LinkedHashMap<>();
        first.values().stream().filter(d -> !d.delete()).forEach(d -> keptByDigest.putIfAbsent(d.tag().digest(), d.tag().tag()));
        List<Decision> out = new ArrayList<>();
        for (Decision d : first.values()) {
            String keeper = keptByDigest.get(d.tag().digest());
            if (d.delete() && keeper != null) {
                out.add(new Decision(d.tag(), false, "same manifest as kept tag " + keeper));
            } else {
                out.add(d);
            }
        }
        out.sort(Comparator.comparing((Decision d) -> d.tag().tag(), ImageRetention::compareVersions).reversed());
        return out;
    }

    /** Release versions by number (1.10.0 after 1.9.0), then the suffix as text; anything else before them. */
    static int compareVersions(String a, String b) {
        Matcher ma = RELEASE.matcher(a);
        Matcher mb = RELEASE.matcher(b);
        boolean ra = ma.matches();
        boolean rb = mb.matches();
        if (ra != rb) {
            return ra ? 1 : -1;
        }
        if (!ra) {
            return a.compareTo(b);
        }
        for (int g = 1; g <= 3; g++) {
            int c = Long.compare(Long.parseLong(ma.group(g)), Long.parseLong(mb.group(g)));
            if (c != 0) {
                return c;
            }
        }
        return String.valueOf(ma.group(4)).compareTo(String.valueOf(mb.group(4)));
    }

    /** Digests to delete, each once (two old tags of one manifest are one delete). */
    static List<String> digestsToDelete(List<Decision> decisions) {
        Set<String> d = new LinkedHashSet<>();
        decisions.stream().filter(Decision::delete).forEach(x -> d.add(x.tag().digest()));
        return List.copyOf(d);
    }
}
