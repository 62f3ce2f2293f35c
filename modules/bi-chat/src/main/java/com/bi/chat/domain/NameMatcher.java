package com.bi.chat.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Finds the tenant's shops and SKUs named in a question. First exactly (the whole name or its core without
 * "旗舰店/官方/store…", case- and width-insensitive), then fuzzily: both sides are written in toneless pinyin
 * (so 优衣库, 优依库 and "youyiku" are the same) and a name matches a stretch of the question within an edit
 * distance of one per six letters. Only the candidates given are ever matched: the caller passes this tenant's.
 */
public final class NameMatcher {
    private static final List<String> SUFFIXES = List.of("官方旗舰店", "旗舰店", "专卖店", "专营店", "官方店", "自营店", "直营店",
            "官方", "店铺", "店", "official store", "flagship store", "official", "flagship", "store", "shop");
    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    /** A shop or SKU: {@code id} is what bi-analysis filters on (the shop's id at the source, the SKU code). */
    public record Candidate(String id, String name) {
    }

    /** The candidates found, or several equally close ones when the question is ambiguous. */
    public record Match(List<Candidate> found, List<Candidate> ambiguous) {
        static final Match NONE = new Match(List.of(), List.of());
    }

    private NameMatcher() {
    }

    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Exact matches of names or codes in {@code text}; masks them. */
    static List<Candidate> exact(StringBuilder text, List<Candidate> candidates, boolean codes) {
        List<Candidate> found = new ArrayList<>();
        for (Candidate c : candidates) {
            for (String form : forms(c, codes)) {
                int at = indexOfWord(text, form);
                if (at >= 0) {
                    found.add(c);
                    Vocabulary.mask(text, at, at + form.length());
                    break;
                }
            }
        }
        return found;
    }

    /**
     * The closest candidates by pinyin edit distance within the threshold; several equally close are ambiguous.
     * A single match is masked in {@code text}.
     */
    static Match fuzzy(StringBuilder text, List<Candidate> candidates, int maxCandidates) {
        List<Integer> positions = new ArrayList<>();
        String question = pinyin(text.toString(), positions);
        if (question.length() < 4) {
            return Match.NONE;
        }
        int best = Integer.MAX_VALUE;
        int bestEnd = -1;
        int bestLength = 0;
        Set<Candidate> closest = new LinkedHashSet<>();
        for (Candidate c : candidates.subList(0, Math.min(candidates.size(), maxCandidates))) {
            String core = pinyin(core(normalize(c.name())), new ArrayList<>());
            if (core.length() < 5) { // too short to tell a name from chance
                continue;
            }
            int threshold = core.length() / 6;
            int[] found = substringDistance(core, question);
            int distance = found[0];
            if (distance > threshold) {
                continue;
            }
            if (distance < best) {
                best = distance;
                closest.clear();
                bestEnd = found[1];
                bestLength = core.length();
            }
            if (distance == best) {
                closest.add(c);
            }
        }
        if (closest.isEmpty()) {
            return Match.NONE;
        }
        if (closest.size() > 1) {
            return new Match(List.of(), List.copyOf(closest));
        }
        int start = positions.get(Math.max(0, bestEnd - bestLength));
        int end = positions.get(Math.max(0, bestEnd - 1)) + 1;
        Vocabulary.mask(text, start, end);
        return new Match(List.copyOf(closest), List.of());
    }

    /** The name without its shop-kind suffix ("优衣库天猫旗舰店" → "优衣库天猫"), never shorter than two characters. */
    static String core(String name) {
        String core = name.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String suffix : SUFFIXES) {
                if (core.endsWith(suffix) && core.length() - suffix.length() >= 2) {
                    core = core.substring(0, core.length() - suffix.length()).strip();
                    changed = true;
                }
            }
        }
        return core;
    }

    /** Toneless pinyin of the Han characters, letters and digits kept, everything else dropped. */
    static String pinyin(String text, List<Integer> positions) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN) {
                try {
                    String[] readings = PinyinHelper.toHanyuPinyinStringArray(ch, FORMAT);
                    if (readings != null && readings.length > 0) {
                        out.append(readings[0]);
                        for (int k = 0; k < readings[0].length(); k++) {
                            positions.add(i);
                        }
                    }
                } catch (BadHanyuPinyinOutputFormatCombination e) {
                    throw new IllegalStateException(e);
                }
            } else if (Character.isLetterOrDigit(ch)) {
                out.append(Character.toLowerCase(ch));
                positions.add(i);
            }
        }
        return out.toString();
    }

    /**
     * The least edit distance between {@code pattern} and any substring of {@code text} (Sellers), and the end of
     * the first such substring in {@code text}.
     */
    static int[] substringDistance(String pattern, String text) {
        int m = pattern.length();
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            previous[i] = i;
        }
        int best = previous[m];
        int end = 0;
        for (int j = 1; j <= text.length(); j++) {
            current[0] = 0;
            char t = text.charAt(j - 1);
            for (int i = 1; i <= m; i++) {
                int substitute = previous[i - 1] + (pattern.charAt(i - 1) == t ? 0 : 1);
                current[i] = Math.min(substitute, Math.min(previous[i] + 1, current[i - 1] + 1));
            }
            if (current[m] < best) {
                best = current[m];
                end = j;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return new int[] {best, end};
    }

    private static List<String> forms(Candidate c, boolean codes) {
        List<String> forms = new ArrayList<>();
        if (c.name() != null && !c.name().isBlank()) {
            String name = normalize(c.name()).strip();
            forms.add(name);
            String core = core(name);
            if (!core.equals(name) && core.length() >= 2) {
                forms.add(core);
            }
        }
        if (codes && c.id() != null && c.id().length() >= 3) {
            forms.add(normalize(c.id()));
        }
        return forms;
    }

    /** Where {@code word} occurs in {@code text}; a Latin-letter word must not be part of a longer word. */
    private static int indexOfWord(StringBuilder text, String word) {
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0) {
                return -1;
            }
            boolean before = at == 0 || !latin(text.charAt(at - 1)) || !latin(word.charAt(0));
            int end = at + word.length();
            boolean after = end >= text.length() || !latin(text.charAt(end)) || !latin(word.charAt(word.length() - 1));
            if (before && after) {
                return at;
            }
            from = at + 1;
        }
    }

    private static boolean latin(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }
}
