package com.bi.common.observe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
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
        ServiceUnderTest service = ServiceUnderTest.of(Service.of("svc-routes", platform -> Wiring.builder(null)
                .http(routing -> routing.get("/api/things/v1/things/{id}", (req, res) -> res.send("thing")))
                .build())).start();
        try {
            Http http = service.http();
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
            // the runtime's own routes, the matched one and "unmatched" — not one per path sent
            assertThat(routes.size(), lessThanOrEqualTo(12));
            for (String random : sent) {
                assertThat(metrics, not(org.hamcrest.Matchers.containsString(random)));
            }
        } finally {
            service.close();
        }
    }
}
