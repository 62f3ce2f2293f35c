package com.bi.common.testing;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RaceTest {
    @Test
    void allCallsRunAtOnceAndAnswerInOrder() throws Exception {
        // a barrier of 8 only opens when all 8 calls are inside it together; run one by one it would time out
        CyclicBarrier barrier = new CyclicBarrier(8);
        List<Integer> answers = Race.together(8, i -> {
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the calls did not run at once", e);
            }
            return i * 10;
        });
        assertThat(answers, is(List.of(0, 10, 20, 30, 40, 50, 60, 70)));
    }

    @Test
    void aFailingCallFailsTheRace() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> Race.all(() -> "fine", () -> {
                    throw new IllegalArgumentException("boom");
                }));
        assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
    }
}
