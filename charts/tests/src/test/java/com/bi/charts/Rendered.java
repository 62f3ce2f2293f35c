package com.bi.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The objects of one helm template run, as plain maps (for assertions) keyed by kind/name. */
final class Rendered {
    static final YAMLMapper YAML = new YAMLMapper();
    final List<Map<String, Object>> objects;

    private Rendered(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    @SuppressWarnings("unchecked")
    static Rendered parse(String manifest) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            String body = doc.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            if (body.isBlank()) {
                continue;
            }
            Map<String, Object> m = YAML.readValue(doc, LinkedHashMap.class);
            if (m != null && !m.isEmpty()) {
                out.add(m);
            }
        }
        return new Rendered(out);
    }

    List<Map<String, Object>> kind(String kind) {
        return filter(o -> kind.equals(o.get("kind")));
    }

    List<Map<String, Object>> filter(Predicate<Map<String, Object>> p) {
        return objects.stream().filter(p).toList();
    }

    Map<String, Object> get(String kind, String name) {
        return kind(kind).stream().filter(o -> name.equals(Maps.str(o, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }
}
