package com.bi.charts;

import java.util.List;
import java.util.Map;

/** Small dotted-path access into rendered YAML maps. */
final class Maps {
    private Maps() {}

    /** Dotted path; map keys may themselves contain dots (app.kubernetes.io/name), the longest matching key wins. */
    @SuppressWarnings("unchecked")
    static Object at(Object root, String path) {
        String[] parts = path.split("\\.");
        Object cur = root;
        int i = 0;
        while (i < parts.length) {
            if (cur instanceof Map<?, ?> m) {
                Object next = null;
                int used = 0;
                for (int j = parts.length; j > i; j--) {
                    String key = String.join(".", java.util.Arrays.copyOfRange(parts, i, j));
                    if (((Map<String, Object>) m).containsKey(key)) {
                        next = ((Map<String, Object>) m).get(key);
                        used = j - i;
                        break;
                    }
                }
                if (used == 0) {
                    return null;
                }
                cur = next;
                i += used;
            } else if (cur instanceof List<?> l && parts[i].matches("\\d+")) {
                int idx = Integer.parseInt(parts[i]);
                cur = idx < l.size() ? l.get(idx) : null;
                i++;
            } else {
                return null;
            }
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    static String str(Object root, String path) {
        Object v = at(root, path);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, String path) {
        Object v = at(root, path);
        if (!(v instanceof Map)) {
            throw new AssertionError("no map at " + path);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object root, String path) {
        Object v = at(root, path);
        if (!(v instanceof List)) {
            throw new AssertionError("no list at " + path);
        }
        return (List<Map<String, Object>>) v;
    }
}
