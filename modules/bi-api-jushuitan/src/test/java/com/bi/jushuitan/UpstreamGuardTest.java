package com.bi.jushuitan;

import java.util.List;

import com.bi.jushuitan.data.UpstreamGuard;
import com.bi.jushuitan.domain.JushuitanApi;
import com.bi.jushuitan.domain.UpstreamPolicy;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 12 #1 (SSRF through a tenant's base_url): the allow-list and the check of resolved addresses. */
class UpstreamGuardTest {
    static final List<String> HOSTILE = List.of(
            "http://127.0.0.1:8001", "https://127.0.0.1", "http://169.254.169.254", "http://[::1]:8848", "http://10.0.0.5",
            "http://10.96.0.1:443", "http://192.168.1.1", "http://172.16.0.1", "http://100.100.100.200",
            "http://localhost:8848", "http://2130706433", "http://0177.0.0.1", "http://0x7f.0.0.1", "http://127.1",
            "http://[::ffff:127.0.0.1]", "http://[fd00:ec2::254]", "http://0.0.0.0:8080", "http://[::]",
            "http://openapi.jushuitan.com@127.0.0.1", "http://bi-tenant.bi.svc.cluster.local:8002", "file:///etc/passwd",
            "gopher://127.0.0.1:6379/_FLUSHALL", "https://openapi.jushuitan.com.evil.example", "https://openapi.jushuitan.com/../x?y");

    @Test
    void ssrfTheDefaultPolicyAllowsOnlyJushuitansHostsOverHttps() {
        UpstreamGuard guard = new UpstreamGuard(UpstreamPolicy.parse("https", UpstreamPolicy.DEFAULT_HOSTS), List.of());
        for (String url : HOSTILE) {
            assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl(url), url);
        }
        // a test double on loopback needs the test allow-list: the default refuses it
        assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl("http://127.0.0.1:18004"));
        assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl("http://openapi.jushuitan.com"));
        assertThat(guard.checkBaseUrl("https://openapi.jushuitan.com").toString(), is("https://openapi.jushuitan.com"));
        assertThat(guard.checkBaseUrl("https://OpenAPI.jushuitan.com/").toString(), is("https://openapi.jushuitan.com"));
        assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl("https://openapi.jushuitan.com:8443"));
    }

    @Test
    void ssrfAddressesAreCheckedAfterResolutionEvenForAllowListedNames() {
        // an operator allow-lists names that resolve (or are literals) to internal addresses: still refused
        UpstreamGuard guard = new UpstreamGuard(UpstreamPolicy.parse("http,https",
                "localhost:*,127.0.0.1:*,169.254.169.254,[::1]:*,10.0.0.5,100.100.100.200,[fd00:ec2::254],[::ffff:127.0.0.1],0.0.0.0:*"),
                List.of());
        for (String url : List.of("http://localhost:8848", "http://127.0.0.1:8001", "http://169.254.169.254", "http://[::1]:8848",
                "http://10.0.0.5", "http://100.100.100.200", "http://[fd00:ec2::254]", "http://[::ffff:127.0.0.1]", "http://0.0.0.0:80")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl(url), url);
            assertThat(refused.getMessage(), containsString("private, loopback, link-local or metadata"));
            // and before every call, whatever was stored earlier
            assertThrows(JushuitanApi.Refused.class, () -> guard.checkCall(url), url);
        }
        // decimal and octal forms never reach resolution
        UpstreamGuard numeric = new UpstreamGuard(UpstreamPolicy.parse("http", "2130706433:*,0177.0.0.1:*"), List.of());
        assertThat(assertThrows(IllegalArgumentException.class, () -> numeric.checkBaseUrl("http://2130706433")).getMessage(),
                containsString("ambiguous"));
        assertThrows(IllegalArgumentException.class, () -> numeric.checkBaseUrl("http://0177.0.0.1"));
    }

    @Test
    void ssrfOnlyAnExplicitTrustedNetworkLetsATestDoubleOnLoopback() {
        UpstreamGuard guard = new UpstreamGuard(UpstreamPolicy.parse("http", "127.0.0.1:*,10.0.0.5:*"),
                UpstreamGuard.networks("127.0.0.1/32"));
        assertThat(guard.checkBaseUrl("http://127.0.0.1:18004").toString(), is("http://127.0.0.1:18004"));
        assertThrows(IllegalArgumentException.class, () -> guard.checkBaseUrl("http://10.0.0.5:80"));
    }

    @Test
    void ssrfPublicAndNonPublicAddressesAreTold() throws Exception {
        for (String address : List.of("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "121.40.1.1")) {
            assertThat(address, UpstreamGuard.isPublic(java.net.InetAddress.getByName(address)), is(true));
        }
        for (String address : List.of("127.0.0.2", "169.254.169.254", "100.64.0.1", "100.100.100.200", "192.168.0.1", "172.31.255.1",
                "10.1.1.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "fe80::1", "fc00::1", "fd00:ec2::254",
                "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2001:db8::1", "::")) {
            assertThat(address, UpstreamGuard.isPublic(java.net.InetAddress.getByName(address)), is(false));
        }
    }
}
