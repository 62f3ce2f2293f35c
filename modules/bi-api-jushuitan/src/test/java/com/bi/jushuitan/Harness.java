package com.bi.jushuitan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.bi.common.testing.Http;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** What the connector's test classes share: config for a loopback fake, a capturing sink, trigger + run + read a job. */
final class Harness {
    private Harness() {
    }

    /**
     * The service config for tests: the SSRF allow-list explicitly permits the fake's loopback port (the default
     * permits only Jushuitan's hosts, over https, and no private address), fast retries, no pacing, no lag.
     */
    /** A started fake of the open API, for a static field the service's config reads the port of. */
    static FakeJushuitan fake() {
        try {
            return new FakeJushuitan();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> config(int fakePort, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "bi.jushuitan.window", "1d", "bi.jushuitan.lag", "0s", "bi.jushuitan.page.size", "20",
                "bi.jushuitan.min.interval", "0ms", "bi.jushuitan.backoff", "10ms", "bi.jushuitan.rate.backoff", "10ms",
                "bi.jushuitan.timeout", "500ms", "bi.jushuitan.retries", "4"));
        config.put("bi.jushuitan.upstream.hosts", "127.0.0.1:" + fakePort);
        config.put("bi.jushuitan.upstream.schemes", "http");
        config.put("bi.jushuitan.upstream.trusted.networks", "127.0.0.1/32");
        config.putAll(extra);
        return config;
    }

    /** Triggers one shop's sync: 202 + Location; runs the queue on this thread; answers the shop's result. */
    static JsonNode sync(Http http, JushuitanService.Wired wired, String tenant, long id) {
        JsonNode job = runJob(http, wired, tenant, "/api/jushuitan/v1/shops/" + id + "/sync");
        return job.get("results").get(0);
    }

    /** POSTs a trigger, checks the 202 answer, drains the queue, and answers the finished job as polled. */
    static JsonNode runJob(Http http, JushuitanService.Wired wired, String tenant, String trigger) {
        Http.Response accepted = http.post(trigger, bearer(tenant, "ANALYST"), "");
        assertThat(accepted.toString(), accepted.status(), is(202));
        String location = accepted.header("Location");
        assertThat(location, startsWith("/api/jushuitan/v1/jobs/"));
        assertThat(accepted.json().get("status").asText(), is("QUEUED"));
        drain(wired);
        Http.Response polled = http.get(location, bearer(tenant, "VIEWER"));
        assertThat(polled.toString(), polled.status(), is(200));
        return polled.json();
    }

    static void drain(JushuitanService.Wired wired) {
        while (wired.jobs().runNext("test-runner")) {
            // until the queue is empty
        }
    }

    static JsonNode status(Http http, String tenant, int index) {
        return http.get("/api/jushuitan/v1/sync/status", bearer(tenant, "VIEWER")).json().get("items").get(index);
    }

    /** Keeps the newest state of each order, as bi-analysis would; can be told to fail. */
    static final class CapturingSink implements OrderSink {
        final Map<String, OrderEvent> latest = new ConcurrentHashMap<>();
        final AtomicInteger failAfter = new AtomicInteger(-1);
        final AtomicInteger publishes = new AtomicInteger();
        /** External order ids the pipeline refuses (as bi-analysis refuses an order its bounds reject). */
        final java.util.Set<String> refuse = ConcurrentHashMap.newKeySet();

        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            for (OrderEvent e : events) {
                if (refuse.contains(e.externalOrderId())) {
                    throw new IllegalArgumentException("order " + e.externalOrderId() + " refused");
                }
            }
            int n = publishes.incrementAndGet();
            if (failAfter.get() >= 0 && n > failAfter.get()) {
                throw new IllegalStateException("sink down (simulated crash)");
            }
            for (OrderEvent e : events) {
                latest.merge(tenantId + "|" + e.externalOrderId(), e, (a, b) ->
                        b.modifiedTime().isAfter(a.modifiedTime()) || b.modifiedTime().equals(a.modifiedTime()) && b.version() >= a.version() ? b : a);
            }
        }

        long count(String tenant) {
            return latest.keySet().stream().filter(k -> k.startsWith(tenant + "|")).count();
        }

        OrderEvent get(String tenant, long oId) {
            return latest.get(tenant + "|" + oId);
        }

        @Override
        public String kind() {
            return "memory";
        }
    }
}
