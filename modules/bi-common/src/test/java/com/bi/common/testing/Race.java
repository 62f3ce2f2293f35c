package com.bi.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Calls released at the same instant, for tests of what must hold under concurrency (one refresh token redeemed
 * twice, a quota raced past, two moves closing a loop): each call waits on one latch on its own virtual thread, the
 * latch opens once all are submitted, and every answer comes back in submission order.
 */
public final class Race {
    private Race() {
    }

    /** {@code task(0)} … {@code task(n-1)} at once; their answers by index. */
    public static <T> List<T> together(int n, IntFunction<T> task) throws InterruptedException, ExecutionException {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(() -> task.apply(index));
        }
        return all(calls);
    }

    /** Different calls at once (e.g. a move of a under b and one of b under a); their answers in the same order. */
    @SafeVarargs
    public static <T> List<T> all(Callable<T>... calls) throws InterruptedException, ExecutionException {
        return all(List.of(calls));
    }

    public static <T> List<T> all(List<Callable<T>> calls) throws InterruptedException, ExecutionException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
        }
        List<T> answers = new ArrayList<>();
        for (Future<T> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }
}
