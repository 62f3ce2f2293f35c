package com.bi.common.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Whose address a request comes from: X-Forwarded-For believed only as far as trusted proxies vouch for it. */
class ClientAddressTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** A server answering its view of the client address, called over loopback (the peer is 127.0.0.1). */
    private static String whoAmI(String trustedProxies, String... forwardedFor) throws Exception {
        ServiceUnderTest service = ServiceUnderTest.of(Service.of("svc-client-address", platform -> Wiring.builder(null)
                        .http(routing -> routing.get("/whoami", (req, res) -> res.send(ClientAddress.of(req))))
                        .build()))
                .config(trustedProxies == null ? Map.of() : Map.of("bi.http.trusted.proxies", trustedProxies))
                .start();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/whoami"));
            for (String header : forwardedFor) {
                request.header("X-Forwarded-For", header);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
            return response.body();
        } finally {
            service.close();
        }
    }

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientAndASpoofedHeaderIsIgnored() throws Exception {
        assertThat(whoAmI(null, "203.0.113.66"), is("127.0.0.1"));
        // the peer is not among the trusted proxies: its header is not believed either
        assertThat(whoAmI("10.0.0.0/8", "203.0.113.66, 10.0.0.7"), is("127.0.0.1"));
    }

    @Test
    void trustedHopsAreSkippedRightToLeft() throws Exception {
        String trusted = "127.0.0.1/32, 10.0.0.0/8, fd00::/8";
        // the gateway (10.1.2.3) saw 203.0.113.7; what the client wrote left of that (6.6.6.6) is ignored
        assertThat(whoAmI(trusted, "6.6.6.6, 203.0.113.7, 10.1.2.3"), is("203.0.113.7"));
        // several header lines are one list
        assertThat(whoAmI(trusted, "6.6.6.6", "203.0.113.8, 10.9.9.9"), is("203.0.113.8"));
        assertThat(whoAmI(trusted, "203.0.113.9"), is("203.0.113.9"));
        assertThat(whoAmI(trusted), is("127.0.0.1"));
        assertThat(whoAmI(trusted, "2001:db8::5, fd00::1"), is("2001:db8:0:0:0:0:0:5"));
        assertThat(whoAmI(trusted, "198.51.100.4:5123"), is("198.51.100.4"));
        // every hop trusted: the leftmost one is the best known
        assertThat(whoAmI(trusted, "10.0.0.1, 10.0.0.2"), is("10.0.0.1"));
        // not an address (never resolved through DNS): nothing left of it is believed
        assertThat(whoAmI(trusted, "203.0.113.7, localhost.example, 10.0.0.2"), is("10.0.0.2"));
        assertThat(whoAmI(trusted, "unknown"), is("127.0.0.1"));
    }

    @Test
    void rulesWithoutAServer() throws Exception {
        ClientAddress.TrustedProxies trusted = ClientAddress.TrustedProxies.fromSettings(
                new Settings(ConfigLoader.load(Map.of("bi.http.trusted.proxies", "192.168.0.0/23"), Map.of())));
        assertThat(trusted.contains(InetAddress.getByName("192.168.1.200")), is(true));
        assertThat(trusted.contains(InetAddress.getByName("192.168.2.1")), is(false));
        assertThat(trusted.contains(InetAddress.getByName("::1")), is(false));
        assertThat(ClientAddress.resolve(InetAddress.getByName("192.168.1.1"), List.of("198.51.100.1", "192.168.0.9"), trusted),
                is("198.51.100.1"));
        assertThat(ClientAddress.literal("example.com"), is((InetAddress) null));
        assertThat(ClientAddress.literal("1.2.3.4.5"), is((InetAddress) null));

        InvalidConfigException bad = assertThrows(InvalidConfigException.class, () -> ClientAddress.TrustedProxies.fromSettings(
                new Settings(ConfigLoader.load(Map.of("bi.http.trusted.proxies", "10.0.0.0/33"), Map.of()))));
        assertThat(bad.getMessage(), containsString("'bi.http.trusted.proxies' (env BI_HTTP_TRUSTED_PROXIES)"));
        assertThrows(InvalidConfigException.class, () -> ClientAddress.TrustedProxies.fromSettings(
                new Settings(ConfigLoader.load(Map.of("bi.http.trusted.proxies", "gateway.internal"), Map.of()))));
    }
}
