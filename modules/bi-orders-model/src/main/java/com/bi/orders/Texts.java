package com.bi.orders;

/** Text that came from outside, made safe to store in a PostgreSQL text column and to show. */
public final class Texts {
    private Texts() {
    }

    /**
     * Control characters (NUL above all: PostgreSQL text refuses it, and a refused reject record would block its
     * batch) and lone surrogates become {@code \\uXXXX}; newlines and tabs stay. Cut to {@code max} characters.
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char ch = text.charAt(i);
            boolean pair = Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(ch).append(text.charAt(++i));
            } else if (Character.isSurrogate(ch) || Character.isISOControl(ch) && ch != '\n' && ch != '\t') {
                out.append("\\u%04x".formatted((int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.length() > max ? out.substring(0, max) : out.toString();
    }
}
