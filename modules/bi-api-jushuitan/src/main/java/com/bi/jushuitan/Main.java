package com.bi.jushuitan;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import com.bi.common.config.Settings;
import com.bi.common.server.ServiceKit;
import com.bi.jushuitan.api.JushuitanRoutes;
import com.bi.jushuitan.data.HttpJushuitanClient;
import com.bi.jushuitan.data.JdbcShops;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.SyncJob;
import com.bi.common.security.SecretBox;
import com.bi.orders.sink.OrderSink;
import com.bi.orders.sink.OrderSinks;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-api-jushuitan: pulls orders from the Jushuitan open API into order events. HTTP 8004, gRPC 9004. */
public final class Main {
    public static final String NAME = "bi-api-jushuitan";

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    public record Wired(ShopStore shops, SyncJob job) {
    }

    static WebServer start(ServiceKit kit) {
        OrderSink sink = OrderSinks.create(kit);
        Wired wired = wire(kit, sink, Clock.systemUTC());
        WebServer server = kit.serve(routing -> routing(kit, routing, wired), Main::grpc);
        Duration every = kit.settings().duration("bi.jushuitan.schedule", Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
        if (!every.isZero()) {
            // a sync stopped midway loses nothing: the shop's checkpoint moves only after the sink confirmed
            Thread schedule = Thread.ofVirtual().name("jushuitan-schedule").start(() -> {
                while (!kit.lifecycle().draining()) {
                    try {
                        Thread.sleep(every);
                        wired.shops().allEnabled().forEach(wired.job()::run);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        java.util.logging.Logger.getLogger(Main.class.getName()).warning("scheduled sync failed: " + e.getMessage());
                    }
                }
            });
            kit.onShutdown(schedule::interrupt);
        }
        kit.onShutdown(sink::close); // after the schedule stopped: what was sent is flushed
        return server;
    }

    /**
     * Keys (env): bi.jushuitan.window (BI_JUSHUITAN_WINDOW, 1d, at most 7d), .lag (2m), .page.size (100), .max.windows (200),
     * .retries (5), .backoff (500ms), .rate.backoff (1s), .min.interval (220ms), .timeout (10s), .base.url
     * (https://openapi.jushuitan.com), .initial.lookback (7d), .schedule (0 = off; bi-cron triggers).
     */
    public static Wired wire(ServiceKit kit, OrderSink sink, Clock clock) {
        Settings s = kit.settings();
        ShopStore shops = new JdbcShops(kit.jdbc(), SecretBox.fromSettings(s, kit.env()));
        Duration timeout = s.duration("bi.jushuitan.timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(2));
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        SyncJob.Options options = new SyncJob.Options(
                s.duration("bi.jushuitan.window", Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(7)),
                s.duration("bi.jushuitan.lag", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(1)),
                s.intInRange("bi.jushuitan.page.size", 100, 1, 100),
                s.intInRange("bi.jushuitan.max.windows", 200, 1, 10_000),
                s.intInRange("bi.jushuitan.retries", 5, 0, 20),
                s.duration("bi.jushuitan.backoff", Duration.ofMillis(500), Duration.ZERO, Duration.ofMinutes(1)),
                s.duration("bi.jushuitan.rate.backoff", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)),
                s.duration("bi.jushuitan.min.interval", Duration.ofMillis(220), Duration.ZERO, Duration.ofSeconds(10)));
        SyncJob job = new SyncJob(shops, sink, shop -> new HttpJushuitanClient(http, shop.baseUrl(), shop.appKey(),
                shop.appSecret(), shop.accessToken(), timeout, clock), options, clock);
        return new Wired(shops, job);
    }

    public static void routing(ServiceKit kit, HttpRouting.Builder routing, Wired wired) {
        JushuitanRoutes.register(routing, wired.shops(), wired.job(),
                kit.settings().string("bi.jushuitan.base.url", "https://openapi.jushuitan.com"),
                kit.settings().duration("bi.jushuitan.initial.lookback", Duration.ofDays(7), Duration.ZERO, Duration.ofDays(3650)));
    }

    public static void grpc(GrpcRouting.Builder grpc) {
        // no gRPC API of its own yet (gRPC health is served by the kit)
    }
}
