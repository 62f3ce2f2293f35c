package com.bi.analysis.domain.rollup;

import java.math.BigDecimal;

/**
 * The additive measures of a rollup row (or a change to one). {@code platform} and {@code category} are labels, not
 * sums: a sum takes the later operand's label, as the row's upsert does.
 */
public record Measures(String platform, String category, BigDecimal gmv, long orders, long units, BigDecimal refund) {
    public static final Measures ZERO = new Measures(null, null, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);

    public Measures plus(Measures other) {
        return new Measures(other.platform, other.category, gmv.add(other.gmv), orders + other.orders, units + other.units,
                refund.add(other.refund));
    }

    public Measures times(int sign) {
        BigDecimal s = BigDecimal.valueOf(sign);
        return new Measures(platform, category, gmv.multiply(s), orders * sign, units * sign, refund.multiply(s));
    }

    /** True when adding it changes no measure (such a delta is not written). */
    public boolean isZero() {
        return gmv.signum() == 0 && orders == 0 && units == 0 && refund.signum() == 0;
    }
}
