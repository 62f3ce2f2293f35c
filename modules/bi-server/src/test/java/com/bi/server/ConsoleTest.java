package com.bi.server;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The console is served from the jar at {@code /} without a token, with a CSP that allows scripts from this origin
 * only; its modules and ECharts (the webjar) come from {@code /console/}; nothing else is served from there.
 */
class ConsoleTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new ServerService());
    private final Http http;

    ConsoleTest(Http http) {
        this.http = http;
    }

    @Test
    void theIndexIsPublicWithAStrictScriptPolicy() {
        Http.Response index = http.get("/", null);
        assertThat(index.status(), is(200));
        assertThat(index.contentType(), startsWith("text/html"));
        assertThat(index.body(), containsString("<script type=\"module\" src=\"/console/app.js\"></script>"));
        String csp = index.header("Content-Security-Policy");
        assertThat(csp, containsString("script-src 'self';"));
        assertThat(csp, not(containsString("script-src 'self' 'unsafe-inline'")));
        assertThat(csp, containsString("frame-ancestors 'none'"));
        assertThat(index.header("X-Content-Type-Options"), is("nosniff"));
        assertThat(index.header("Referrer-Policy"), is("no-referrer"));
        // the page holds no inline script: every <script> has a src
        assertThat(index.body().replaceAll("<script [^>]*src=\"[^\"]+\"[^>]*></script>", ""), not(containsString("<script")));
    }

    @Test
    void modulesStylesAndEchartsComeFromTheJar() {
        Http.Response app = http.get("/console/app.js", null);
        assertThat(app.status(), is(200));
        assertThat(app.contentType(), startsWith("text/javascript"));
        assertThat(http.get("/console/style.css", null).contentType(), startsWith("text/css"));
        for (String module : new String[] {"template-dashboard.js", "panel-charts.js"}) { // the template dashboards
            assertThat(module, http.get("/console/" + module, null).status(), is(200));
        }
        Http.Response echarts = http.get("/console/echarts.esm.min.js", null);
        assertThat(echarts.status(), is(200));
        assertThat(echarts.body().length(), greaterThan(500_000));
        assertThat(echarts.body(), containsString("export"));
    }

    @Test
    void anUnchangedFileIsNotSentAgain() throws Exception {
        String etag = http.get("/console/app.js", null).header("ETag");
        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.uri("/console/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode(), is(304));
    }

    @Test
    void nothingElseIsServedFromTheConsolePath() {
        for (String path : new String[] {"/console/index.html", "/console/missing.js", "/console/..%2Fapplication.yaml",
                "/console/META-INF", "/console/Main.class"}) {
            Http.Response response = http.get(path, null);
            assertThat(path, response.status(), is(404));
            assertThat(path, response.contentType(), startsWith("application/problem+json"));
        }
        assertThat(http.get("/index.html", null).status(), is(404));
    }

}
