package com.bi.common.observe;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.Http;
import com.bi.common.testing.TestKits;
import com.bi.common.testing.TestTokens;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Issue 12 #11: the {@code route} label of {@code http_server_requests_seconds} stays bounded whatever paths clients
 * send — requests refused before routing (no token) and requests matching no route get {@code unmatched}, never their
 * raw path.
 */
class RouteCardinalityTest {
    private static final Pattern ROUTE = Pattern.compile("^http_server_requests_seconds_count\\{[^}]*route=\"([^\"]*)\"");

    private static Set<String> routes(String metrics) {
        Set<String> routes = new HashSet<>();
        for (String line : metrics.split("\n")) {
            Matcher m = ROUTE.matcher(line);
            if (m.find()) {
                routes.add(m.group(1));
            }
        }
        return routes;
    }

    @Test
    void manyRandomPathsKeepTheRouteLabelBounded() {
        ServiceKit kit = TestKits.create("svc-routes", Map.of());
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, routing -> routing.get("/api/things/v1/things/{id}", (req, res) -> res.send("thing")),
                grpc -> { });
        WebServer server = builder.build().start();
        kit.attach(server);
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + server.port()));
            String bearer = TestTokens.bearer("tenant-a", "VIEWER");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String random = "r" + UUID.randomUUID().toString().replace("-", "");
                sent.add(random);
                String path = switch (i % 5) {
                    case 0 -> "/api/things/v1/" + random;              // no token: 401 before routing
                    case 1 -> "/api/things/v1/" + random + "/x";       // a token, no route: 404
                    case 2 -> "/" + random;                            // outside the API: 404
                    case 3 -> "/api/things/v1/things/" + random;       // a real route, matched: its pattern
                    default -> "/observe/" + random;                   // unknown observe path
                };
                int status = http.get(path, i % 5 == 1 || i % 5 == 3 ? bearer : null).status();
                assertThat(path, status < 500, is(true));
            }
            String metrics = http.get("/observe/metrics", null).body();
            Set<String> routes = routes(metrics);
            System.out.println("route label values after 300 random paths: " + routes);
            assertThat(routes, hasItem("/api/things/v1/things/{id}"));
            assertThat(routes, hasItem("unmatched"));
            // the kit's own routes, the matched one and "unmatched" — not one per path sent
            assertThat(routes.size(), lessThanOrEqualTo(12));
            for (String random : sent) {
                assertThat(metrics, not(org.hamcrest.Matchers.containsString(random)));
            }
        } finally {
            kit.close();
        }
    }
}
