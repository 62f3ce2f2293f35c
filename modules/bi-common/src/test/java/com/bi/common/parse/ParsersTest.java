package com.bi.common.parse;

import java.util.OptionalLong;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kit's one id parser and one host:port parser, against what a hostile caller or a careless operator sends. */
class ParsersTest {
    @ParameterizedTest
    @ValueSource(strings = {"1", "42", "9223372036854775807"})
    void idsArePositiveLongsInAsciiDigits(String raw) {
        assertThat(Ids.parse(raw), is(OptionalLong.of(Long.parseLong(raw))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "+1", "007", " 1", "1 ", "1\n", "1e3", "0x1F", "1.0", "١٢٣", "１２",
            "9223372036854775808", "99999999999999999999", "1\u0000", "abc"})
    void everythingElseIsNotAnId(String raw) {
        assertThat(Ids.parse(raw), is(OptionalLong.empty()));
    }

    @Test
    void nullIsNotAnId() {
        assertThat(Ids.parse(null), is(OptionalLong.empty()));
    }

    @Test
    void aRefusedIdIsA400NamingTheFieldWithoutEchoingAHugeValue() {
        String huge = "9".repeat(100_000) + "\u0000\r\n";
        ApiException e = assertThrows(ApiException.class, () -> Ids.require("shop_id", huge));
        assertThat(e.status(), is(400));
        assertThat(e.getMessage(), containsString("shop_id must be a positive integer"));
        assertThat(e.getMessage().length(), lessThan(200));
        ApiException control = assertThrows(ApiException.class, () -> Ids.require("id", "1\r\nX-Injected: yes"));
        assertThat(control.getMessage(), not(containsString("\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9001", "bi-basic.bi.svc.cluster.local:9003", "10.0.0.7:1", "host_1:65535",
            "[::1]:9001", "[fe80::1%eth0]:80"})
    void hostPortsThatAreAddresses(String raw) {
        HostPort parsed = HostPort.parse(raw);
        assertThat(parsed.toString(), is(raw));
    }

    @Test
    void hostAndPortAreSplitAtTheLastColon() {
        assertThat(HostPort.parse("[::1]:9001"), is(new HostPort("[::1]", 9001)));
        assertThat(HostPort.parse("bi-tenant:9002").port(), is(9002));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nohost", "host:", ":9001", "host:0", "host:65536", "host:-1", "host:+80", "host:080",
            "host:９０", "host:80 ", " host:80", "ho st:80", "host\u0000:80", "::1:9001", "[::1]9001", "[zz]:80",
            "host:99999999999999999999999", "http://host:80", "user@host:80", "host/x:80"})
    void everythingElseIsRefusedWithTheReason(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(raw));
        assertThat(e.getMessage(), containsString("must be host:port"));
        assertThat(e.getMessage(), not(containsString("\u0000")));
    }

    @Test
    void anUnbracketedIpv6AddressIsToldWhereTheBracketsGo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("fe80::1:9001"));
        assertThat(e.getMessage(), containsString("brackets"));
    }

    @Test
    void aHugeAddressIsShownShort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPort.parse("h".repeat(1_000_000) + ":x"));
        assertThat(e.getMessage().length(), lessThan(200));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(null));
    }
}
