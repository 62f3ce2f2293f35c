package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a whole number of units (cents, orders) over weights so that the parts add up to the total exactly: every
 * part gets the floor of its share, and the units left over go one each to the parts with the largest fractional
 * remainders — equal remainders to the earlier part (largest-remainder method; deterministic).
 */
public final class Apportion {
    private static final MathContext PRECISION = new MathContext(40, RoundingMode.HALF_EVEN);

    private Apportion() {
    }

    /** @throws IllegalArgumentException when the weights are empty, negative or all zero while total is not 0 */
    public static List<BigInteger> split(BigInteger total, List<BigDecimal> weights) {
        if (weights.isEmpty() || weights.stream().anyMatch(w -> w.signum() < 0)) {
            throw new IllegalArgumentException("weights must be non-negative and not empty");
        }
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.signum() == 0) {
            if (total.signum() == 0) {
                return weights.stream().map(w -> BigInteger.ZERO).toList();
            }
            throw new IllegalArgumentException("every weight is 0");
        }
        BigDecimal whole = new BigDecimal(total);
        List<BigInteger> parts = new ArrayList<>(weights.size());
        List<BigDecimal> remainders = new ArrayList<>(weights.size());
        BigInteger assigned = BigInteger.ZERO;
        for (BigDecimal w : weights) {
            BigDecimal exact = whole.multiply(w).divide(sum, PRECISION);
            BigInteger floor = exact.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            parts.add(floor);
            remainders.add(exact.subtract(new BigDecimal(floor)));
            assigned = assigned.add(floor);
        }
        int left = total.subtract(assigned).intValueExact();
        List<Integer> order = IntStream.range(0, weights.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders.get(i)).reversed().thenComparing(i -> i))
                .toList();
        for (int k = 0; k < left; k++) {
            int i = order.get(k);
            parts.set(i, parts.get(i).add(BigInteger.ONE));
        }
        return parts;
    }
}
