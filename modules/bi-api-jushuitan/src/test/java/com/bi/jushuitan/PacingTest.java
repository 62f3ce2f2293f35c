package com.bi.jushuitan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.bi.jushuitan.domain.Pacing;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Issue 12 #14: pacing per credential (Jushuitan limits calls per app), not one global lock for every tenant. */
class PacingTest {
    @Test
    void jobsPacingIsPerCredentialSoOneTenantNeverWaitsForAnother() throws Exception {
        Pacing pacing = new Pacing(Duration.ofSeconds(1));
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch aCalledOnce = new CountDownLatch(1);
        Thread a = Thread.ofVirtual().start(() -> {
            pacing.pace("app-a");
            calls.add("a1");
            aCalledOnce.countDown();
            pacing.pace("app-a"); // waits out app-a's interval
            calls.add("a2");
        });
        aCalledOnce.await();
        Thread b = Thread.ofVirtual().start(() -> {
            pacing.pace("app-b"); // another app: no wait for app-a's interval
            calls.add("b1");
        });
        a.join();
        b.join();
        assertThat(calls.toString(), calls.indexOf("b1") < calls.indexOf("a2"), is(true));
    }
}
