package com.bi.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.bi.common.server.Catalog;

/** One screen: every service of the catalog with its ports, state and when it became ready. */
final class StatusTable {
    private StatusTable() {
    }

    static String render(List<LocalPlatform.Running> running, ServicePorts ports) {
        Map<String, LocalPlatform.Running> byName = running.stream()
                .collect(Collectors.toMap(LocalPlatform.Running::name, Function.identity()));
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "  %-18s %6s %6s  %-10s %s%n", "SERVICE", "HTTP", "GRPC", "STATE", "READY"));
        for (Catalog entry : Catalog.all()) {
            if (!entry.hasPorts()) {
                continue;
            }
            LocalPlatform.Running service = byName.get(entry.serviceName());
            String state;
            String ready = "";
            if (service == null) {
                state = entry.built() ? "absent" : "planned"; // absent: built, but not registered in this jar
            } else {
                state = service.state().name().toLowerCase(Locale.ROOT);
                Duration after = service.readyAfter();
                ready = service.failure() != null ? service.failure() : after == null ? "" : seconds(after);
            }
            ServicePorts.Ports p = ports.of(entry.serviceName());
            table.append(String.format(Locale.ROOT, "  %-18s %6d %6d  %-10s %s%n", entry.serviceName(), p.http(), p.grpc(),
                    state, ready));
        }
        return table.toString();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
