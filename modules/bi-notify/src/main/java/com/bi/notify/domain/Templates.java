package com.bi.notify.domain;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/** {@code {{name}}} placeholders: which a text uses, and the text with them filled. */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\\s*}}");

    private Templates() {
    }

    public static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** {@code text} with every placeholder replaced; a placeholder without a value is a 400 naming {@code variables.<name>}. */
    public static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw ApiException.badRequest("variables." + m.group(1), "the template uses {{" + m.group(1)
                        + "}} but variables has no value for it");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
