package com.bi.chat.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.bi.chat.domain.NameMatcher.Candidate;

/**
 * One tenant's master data the parser matches against: its shops (id at the source, name) and SKUs (code, name),
 * and its time zone when known (bi-analysis's answer says it), for "today".
 */
public record Names(List<Candidate> shops, List<Candidate> skus, Optional<ZoneId> zone) {
    public static final Names NONE = new Names(List.of(), List.of());

    public Names {
        shops = List.copyOf(shops);
        skus = List.copyOf(skus);
    }

    public Names(List<Candidate> shops, List<Candidate> skus) {
        this(shops, skus, Optional.empty());
    }

    /** Shop id → name, for showing names where bi-analysis answers with ids. */
    public Map<String, String> shopNames() {
        return shops.stream().collect(Collectors.toMap(Candidate::id, Candidate::name, (a, b) -> a));
    }

    public Map<String, String> skuNames() {
        return skus.stream().filter(s -> s.name() != null && !s.name().isBlank())
                .collect(Collectors.toMap(Candidate::id, Candidate::name, (a, b) -> a));
    }
}
