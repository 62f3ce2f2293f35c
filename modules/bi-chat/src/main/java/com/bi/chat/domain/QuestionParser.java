package com.bi.chat.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.chat.domain.NameMatcher.Candidate;
import com.bi.chat.domain.Periods.Found;
import com.bi.chat.domain.Periods.Unit;
import com.bi.chat.domain.Vocabulary.Hit;

/**
 * The deterministic parser: a question (Chinese or English) and "today" in the tenant's zone become a
 * {@link ChatQuery}, a clarifying question or a refusal. The grammar and word lists are in the module README.
 * Pure: the tenant's names and the previous query of the conversation are passed in.
 */
public final class QuestionParser {
    public static final int MAX_QUESTION_CHARS = 500;
    static final int DEFAULT_LIMIT = 100;
    private static final Pattern TOP_N = Pattern.compile("(?:top|best|前|排名前|最高的?|最多的?|highest|largest)\\s*" + Periods.NUM
            + "\\s*(?:名|个|位|家|大|款|条)?|(?<![\\d.])(\\d{1,4})\\s*(?:best|top|highest)");
    private static final Pattern BOTTOM_N = Pattern.compile("(?:bottom|worst|lowest|后|倒数|最低的?|最少的?|最差的?)\\s*"
            + Periods.NUM + "\\s*(?:名|个|位|家|款|条)?");
    private static final Pattern TOP_WORD = Pattern.compile("最高|最多|最好|最大|卖得最好|排名|排行|(?<![a-z])(?:top|highest|most|best|largest|biggest|ranking|rank|ranked)(?![a-z])");
    private static final Pattern BOTTOM_WORD = Pattern.compile("最低|最少|最差|最小|(?<![a-z])(?:bottom|lowest|least|worst|smallest)(?![a-z])");
    private static final Pattern WHICH = Pattern.compile("哪个|哪家|哪一|哪款|(?<![a-z])which(?![a-z])");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");

    private QuestionParser() {
    }

    /** zh when the question has a Chinese character, en otherwise. */
    public static String detectLocale(String question) {
        return question != null && CJK.matcher(question).find() ? "zh" : "en";
    }

    /**
     * @param previous the last query of the conversation (a follow-up inherits what it leaves out), or null
     */
    public static Parsed parse(String question, String locale, LocalDate today, Names names, ChatQuery previous) {
        Messages say = Messages.of(locale);
        String text = NameMatcher.normalize(question == null ? "" : question).strip();
        if (text.isEmpty()) {
            return new Parsed.Refuse(say.empty(), say.examples(), locale);
        }
        if (text.length() > MAX_QUESTION_CHARS) {
            return new Parsed.Refuse(say.tooLong(MAX_QUESTION_CHARS), say.examples(), locale);
        }
        StringBuilder work = new StringBuilder(text);

        List<Candidate> shops = new ArrayList<>(NameMatcher.exact(work, names.shops(), false));
        List<Candidate> skus = new ArrayList<>(NameMatcher.exact(work, names.skus(), true));

        boolean yoy = !Vocabulary.take(work, Vocabulary.YEAR_OVER_YEAR, "yoy").isEmpty();
        boolean pop = !Vocabulary.take(work, Vocabulary.PREVIOUS_PERIOD, "pop").isEmpty();
        boolean compareWord = !Vocabulary.take(work, Vocabulary.COMPARE_WORDS, "compare").isEmpty();

        List<Found> periods = Periods.find(work.toString(), today);
        StringBuilder periodWords = new StringBuilder();
        for (Found f : periods) {
            periodWords.append(periodWords.isEmpty() ? "" : " / ").append(text, f.start(), f.end());
            Vocabulary.mask(work, f.start(), f.end());
        }

        Integer top = null;
        boolean ascending = false;
        Matcher m = BOTTOM_N.matcher(work);
        if (m.find()) {
            top = Periods.number(m.group(1));
            ascending = true;
            Vocabulary.mask(work, m.start(), m.end());
        } else if ((m = TOP_N.matcher(work)).find()) {
            top = Periods.number(m.group(1) != null ? m.group(1) : m.group(2));
            Vocabulary.mask(work, m.start(), m.end());
        }
        boolean which = WHICH.matcher(work).find();
        List<Hit> metricHits = Vocabulary.take(work, Vocabulary.METRICS);
        List<Hit> dimensionHits = Vocabulary.take(work, Vocabulary.DIMENSIONS);
        if (top == null) {
            if ((m = BOTTOM_WORD.matcher(work)).find()) {
                top = which ? 1 : 10;
                ascending = true;
                Vocabulary.mask(work, m.start(), m.end());
            } else if ((m = TOP_WORD.matcher(work)).find()) {
                top = which ? 1 : 10;
                Vocabulary.mask(work, m.start(), m.end());
            }
        }
        if (shops.isEmpty()) {
            NameMatcher.Match fuzzy = NameMatcher.fuzzy(work, names.shops(), 1000);
            if (!fuzzy.ambiguous().isEmpty()) {
                return new Parsed.Clarify(say.whichName(fuzzy.ambiguous().stream().map(Candidate::name).toList()),
                        fuzzy.ambiguous().stream().limit(5).map(c -> say.withName(c.name(), question)).toList(), locale);
            }
            shops.addAll(fuzzy.found());
        }
        if (skus.isEmpty() && !names.skus().isEmpty()) {
            NameMatcher.Match fuzzy = NameMatcher.fuzzy(work, names.skus(), 2000);
            if (!fuzzy.ambiguous().isEmpty()) {
                return new Parsed.Clarify(say.whichName(fuzzy.ambiguous().stream().map(Candidate::name).toList()),
                        fuzzy.ambiguous().stream().limit(5).map(c -> say.withName(c.name(), question)).toList(), locale);
            }
            skus.addAll(fuzzy.found());
        }

        List<Hit> platformHits = Vocabulary.take(work, Vocabulary.PLATFORMS);
        List<Hit> unknown = Vocabulary.take(work, Vocabulary.UNKNOWN_METRICS, "unknown");

        List<String> metrics = distinct(metricHits.stream().map(Hit::id).toList());
        List<String> dimensions = distinct(dimensionHits.stream().map(Hit::id).toList());
        boolean recognized = !metrics.isEmpty() || !periods.isEmpty() || !dimensions.isEmpty() || !platformHits.isEmpty()
                || !shops.isEmpty() || !skus.isEmpty() || top != null || yoy || pop;
        if (!unknown.isEmpty() && metrics.isEmpty()) {
            return new Parsed.Refuse(say.unknownMetric(unknown.getFirst().phrase()), say.examples(), locale);
        }
        if (!recognized) {
            return new Parsed.Refuse(say.notUnderstood(), say.examples(), locale);
        }
        boolean followUp = previous != null && (metrics.isEmpty() || periods.isEmpty()
                || Vocabulary.FOLLOW_UP.stream().anyMatch(w -> containsWord(text, w)));

        if (metrics.isEmpty()) {
            if (!followUp) {
                return new Parsed.Clarify(say.whichMetric(), say.metricSuggestions(question), locale);
            }
            metrics = previous.metrics();
        }

        // the period, and a comparison the question names
        if (periods.stream().anyMatch(Found::future)) {
            return new Parsed.Clarify(say.future(), say.periodSuggestions(metrics), locale);
        }
        if (yoy && pop) {
            return new Parsed.Clarify(say.whichCompare(), say.compareSuggestions(metrics), locale);
        }
        LocalDate from;
        LocalDate to;
        String compare = yoy ? "year_over_year" : pop ? "previous_period" : null;
        String spanDimension = null;
        if (periods.isEmpty()) {
            if (!followUp) {
                return new Parsed.Clarify(say.whichPeriod(), say.periodSuggestions(metrics), locale);
            }
            from = previous.from();
            to = previous.to();
        } else if (periods.size() == 1) {
            from = periods.getFirst().from();
            to = periods.getFirst().to();
            if (compare == null && compareWord) {
                compare = "previous_period";
            }
        } else {
            Found main = periods.stream().max((a, b) -> a.to().compareTo(b.to())).orElseThrow();
            Found other = periods.stream().filter(p -> p != main).findFirst().orElseThrow();
            if (other.from().equals(main.from().minusYears(1))) {
                compare = "year_over_year";
                from = main.from();
                to = main.to();
            } else if (main.unit() == other.unit() && (main.unit() == Unit.MONTH || main.unit() == Unit.WEEK)
                    && other.to().plusDays(1).equals(main.from())) {
                // this month (so far) against all of last month: one row per month, not days before the 1st
                spanDimension = main.unit() == Unit.MONTH ? "month" : "week";
                from = other.from();
                to = main.to();
            } else if (other.to().isBefore(main.from())) {
                compare = compare == null ? "previous_period" : compare;
                from = main.from();
                to = main.to();
            } else {
                from = periods.stream().map(Found::from).min(LocalDate::compareTo).orElseThrow();
                to = main.to();
            }
        }
        if (compare == null) {
            compare = followUp && periods.isEmpty() ? previous.compare() : "";
        }

        // dimensions
        if (dimensions.stream().filter(ChatQuery::timeDimension).count() > 1) {
            return new Parsed.Clarify(say.oneTimeDimension(), say.dimensionSuggestions(metrics), locale);
        }
        boolean newDimensions = !dimensions.isEmpty();
        if (!newDimensions && followUp && spanDimension == null) {
            dimensions = previous.dimensions();
        }
        if (spanDimension != null && dimensions.stream().noneMatch(ChatQuery::timeDimension)) {
            List<String> withSpan = new ArrayList<>(List.of(spanDimension));
            withSpan.addAll(dimensions);
            dimensions = withSpan;
        }
        if (dimensions.size() > 2) {
            return new Parsed.Clarify(say.tooManyDimensions(), say.dimensionSuggestions(metrics), locale);
        }

        // filters: the new ones replace the previous ones of the same field
        List<ChatQuery.Filter> filters = new ArrayList<>();
        List<String> platforms = new ArrayList<>();
        List<String> excludedPlatforms = new ArrayList<>();
        for (Hit hit : platformHits) {
            (negated(text, hit.start()) ? excludedPlatforms : platforms).add(hit.id());
        }
        if (!platforms.isEmpty()) {
            filters.add(filter("platform", distinct(platforms)));
        } else if (!excludedPlatforms.isEmpty()) {
            filters.add(new ChatQuery.Filter("platform", "not_in", distinct(excludedPlatforms)));
        }
        if (!shops.isEmpty()) {
            filters.add(filter("shop", distinct(shops.stream().map(Candidate::id).toList())));
        }
        if (!skus.isEmpty()) {
            filters.add(filter("sku", distinct(skus.stream().map(Candidate::id).toList())));
        }
        if (followUp) {
            Set<String> given = new LinkedHashSet<>(filters.stream().map(ChatQuery.Filter::field).toList());
            previous.filters().stream().filter(f -> !given.contains(f.field())).forEach(filters::add);
        }

        // ranking and order
        List<ChatQuery.Sort> orderBy = new ArrayList<>();
        int limit;
        String rankDimension = dimensions.stream().filter(d -> !ChatQuery.timeDimension(d)).findFirst().orElse(null);
        if (top != null) {
            if (top < 1 || top > ChatQuery.MAX_LIMIT) {
                return new Parsed.Clarify(say.topRange(ChatQuery.MAX_LIMIT), say.examples(), locale);
            }
            if (rankDimension == null) {
                return new Parsed.Clarify(say.topOfWhat(top), say.topSuggestions(top, metrics), locale);
            }
            orderBy.add(new ChatQuery.Sort(metrics.getFirst(), ascending ? "asc" : "desc"));
            limit = top;
        } else if (followUp && !newDimensions && spanDimension == null) {
            List<String> sortable = new ArrayList<>(metrics);
            sortable.addAll(dimensions);
            orderBy.addAll(previous.orderBy().stream().filter(s -> sortable.contains(s.field())).toList());
            limit = previous.limit();
        } else {
            dimensions.stream().filter(ChatQuery::timeDimension).findFirst()
                    .ifPresent(d -> orderBy.add(new ChatQuery.Sort(d, "asc")));
            if (rankDimension != null) {
                orderBy.add(new ChatQuery.Sort(metrics.getFirst(), "desc"));
            }
            limit = dimensions.stream().anyMatch(ChatQuery::timeDimension) ? ChatQuery.MAX_LIMIT : DEFAULT_LIMIT;
        }
        if (!dimensions.isEmpty() && orderBy.isEmpty()) {
            orderBy.add(new ChatQuery.Sort(metrics.getFirst(), "desc"));
        }
        if (dimensions.isEmpty()) {
            orderBy.clear();
            limit = 1;
        }
        ChatQuery query = new ChatQuery(metrics, dimensions, from, to, filters, compare, orderBy, limit);
        try {
            return new Parsed.Query(query.validate(), periodWords.toString(), locale);
        } catch (ChatQuery.Invalid e) {
            return new Parsed.Clarify(say.invalid(e.getMessage()), say.examples(), locale);
        }
    }

    private static ChatQuery.Filter filter(String field, List<String> values) {
        return values.size() == 1 ? new ChatQuery.Filter(field, "eq", values) : new ChatQuery.Filter(field, "in", values);
    }

    /** True when a negation word stands within the twelve characters before {@code at}. */
    private static boolean negated(String text, int at) {
        String before = text.substring(Math.max(0, at - 12), at);
        return Vocabulary.NEGATION.stream().anyMatch(w -> containsWord(before, w));
    }

    static boolean containsWord(String text, String word) {
        if (word.charAt(0) >= 128) {
            return text.contains(word);
        }
        return Pattern.compile("(?<![a-z0-9])" + Pattern.quote(word) + "(?![a-z0-9])").matcher(text).find();
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
