package com.bi.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.notify.FakeReceiver.Scheme;
import com.bi.notify.domain.Notifications;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static com.bi.notify.NotifyTesting.API;
import static com.bi.notify.NotifyTesting.createChannel;
import static com.bi.notify.NotifyTesting.deliverUntil;
import static com.bi.notify.NotifyTesting.drain;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * bi-notify end to end over its HTTP API and the real PostgreSQL outbox, against local receivers that verify each
 * vendor's signature scheme: delivery, rejection of a wrong secret, retries through failures and timeouts, DEAD and
 * manual retry, idempotency, racing workers, rate limits, tenant isolation, input errors and secret hygiene.
 */
class DeliveryTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new NotifyService()).withDatabase().config(NotifyTesting.config());
    private static final String WEBHOOK_SECRET = "whsec-0123456789-abcdef";
    private final Http http;
    private final Notifications notifications;
    private final List<FakeReceiver> receivers = new ArrayList<>();

    DeliveryTest(Http http) {
        this.http = http;
        this.notifications = SERVICE.app(Notifications.class);
    }

    @AfterEach
    void closeReceivers() {
        receivers.forEach(FakeReceiver::close);
    }

    private FakeReceiver receiver(Scheme scheme, String secret, String token) throws Exception {
        FakeReceiver receiver = new FakeReceiver(scheme, secret, token);
        receivers.add(receiver);
        return receiver;
    }

    private static String admin(String tenant) {
        return bearer(tenant, "ADMIN");
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Http.Response send(String tenant, String key, String channelId, String title) {
        return http.post(API + "send", bearer(tenant, "SERVICE"), """
                {"idempotency_key":"%s","channel_ids":["%s"],"title":"%s","markdown":"GMV **1,234**"}""".formatted(key, channelId, title));
    }

    private JsonNode delivery(String tenant, String id) {
        Http.Response answer = http.get(API + "deliveries/" + id, bearer(tenant, "VIEWER"));
        assertThat(answer.toString(), answer.status(), is(200));
        return answer.json();
    }

    private static String firstDelivery(Http.Response sent) {
        assertThat(sent.toString(), sent.status(), is(202));
        return sent.json().get("deliveries").get(0).get("id").asText();
    }

    @Test
    void eachRobotAndTheWebhookReceiveTheirSignedFormat() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        FakeReceiver ding = receiver(Scheme.DINGTALK, "SECding-secret-42", "ding-token");
        FakeReceiver wecom = receiver(Scheme.WECOM, null, "wecom-key");
        FakeReceiver feishu = receiver(Scheme.FEISHU, "feishu-secret-42", "feishu-token");
        createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        createChannel(http, admin(tenant), """
                {"name":"ding","kind":"DINGTALK","url":"%s","secret":"SECding-secret-42"}""".formatted(ding.url()));
        createChannel(http, admin(tenant), """
                {"name":"wecom","kind":"WECOM","url":"%s"}""".formatted(wecom.url()));
        createChannel(http, admin(tenant), """
                {"name":"feishu","kind":"FEISHU","url":"%s","secret":"feishu-secret-42"}""".formatted(feishu.url()));
        String png = Base64.getEncoder().encodeToString(EmailTest.png());

        Http.Response sent = http.post(API + "send", bearer(tenant, "SERVICE"), """
                {"idempotency_key":"daily-1","title":"Daily report","markdown":"GMV **1,234** (+5%%)",
                 "images":[{"name":"gmv.png","content_type":"image/png","data":"%s"}]}""".formatted(png));
        assertThat(sent.toString(), sent.status(), is(202));
        assertThat(sent.json().get("deliveries").size(), is(4)); // no channel_ids: every enabled channel
        deliverUntil(notifications, () -> webhook.accepted.size() == 1 && ding.accepted.size() == 1
                && wecom.accepted.size() == 2 && feishu.accepted.size() == 1);

        JsonNode hook = webhook.accepted.getFirst().json();
        assertThat(hook.get("title").asText(), is("Daily report"));
        assertThat(hook.get("images").get(0).get("data").asText(), is(png));
        assertThat(webhook.accepted.getFirst().deliveryId(), is(hook.get("delivery_id").asText()));
        assertThat(ding.accepted.getFirst().json().get("markdown").get("text").asText(), containsString("GMV **1,234**"));
        assertThat(ding.accepted.getFirst().json().get("markdown").get("text").asText(), containsString("gmv.png")); // named, not shown
        assertThat(wecom.accepted.get(0).json().get("msgtype").asText(), is("markdown"));
        assertThat(wecom.accepted.get(1).json().get("msgtype").asText(), is("image"));
        assertThat(wecom.accepted.get(1).json().get("image").get("base64").asText(), is(png));
        assertThat(feishu.accepted.getFirst().json().get("card").toString(), containsString("GMV **1,234**"));
        for (JsonNode d : sent.json().get("deliveries")) {
            assertThat(d.toString(), delivery(tenant, d.get("id").asText()).get("status").asText(), is("SENT"));
        }
        assertThat(webhook.rejected.get() + ding.rejected.get() + wecom.rejected.get() + feishu.rejected.get(), is(0));
    }

    @Test
    void aWrongSecretIsRejectedByEachReceiverAndEndsDead() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        FakeReceiver ding = receiver(Scheme.DINGTALK, "SECthe-right-one", "ding-token");
        FakeReceiver feishu = receiver(Scheme.FEISHU, "the-right-one", "feishu-token");
        FakeReceiver wecom = receiver(Scheme.WECOM, null, "the-right-key");
        List<String> channels = List.of(
                createChannel(http, admin(tenant), """
                        {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"not-the-webhook-secret"}""".formatted(webhook.url())),
                createChannel(http, admin(tenant), """
                        {"name":"ding","kind":"DINGTALK","url":"%s","secret":"SECa-wrong-one"}""".formatted(ding.url())),
                createChannel(http, admin(tenant), """
                        {"name":"feishu","kind":"FEISHU","url":"%s","secret":"a-wrong-one"}""".formatted(feishu.url())),
                createChannel(http, admin(tenant), """
                        {"name":"wecom","kind":"WECOM","url":"%s"}""".formatted(wecom.url().replace("the-right-key", "a-wrong-key"))));
        List<String> deliveries = new ArrayList<>();
        for (String channel : channels) {
            deliveries.add(firstDelivery(send(tenant, "bad-" + channel, channel, "Alert")));
        }
        deliverUntil(notifications, () -> deliveries.stream().allMatch(d -> delivery(tenant, d).get("status").asText().equals("DEAD")));

        for (String d : deliveries) {
            JsonNode dead = delivery(tenant, d);
            assertThat(dead.get("attempts").asInt(), is(3)); // bi.notify.retry.max.attempts
            assertThat(dead.get("log").size(), is(3));
        }
        assertThat(webhook.accepted.size() + ding.accepted.size() + feishu.accepted.size() + wecom.accepted.size(), is(0));
        assertThat(webhook.rejected.get(), is(3));
        assertThat(ding.rejected.get(), is(3));
        assertThat(feishu.rejected.get(), is(3));
        assertThat(wecom.rejected.get(), is(3));
        assertThat(delivery(tenant, deliveries.get(1)).get("last_error").asText(), containsString("errcode 310000"));
    }

    @Test
    void aReceiverThatFailsThenRecoversGetsTheMessageExactlyOnce() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        webhook.failNext.set(2);
        String channel = createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        String id = firstDelivery(send(tenant, "flaky-1", channel, "Report"));
        deliverUntil(notifications, () -> delivery(tenant, id).get("status").asText().equals("SENT"));

        assertThat(webhook.requests.get(), is(3));
        assertThat(webhook.accepted.size(), is(1));
        JsonNode sent = delivery(tenant, id);
        assertThat(sent.get("attempts").asInt(), is(3));
        assertThat(sent.get("log").get(0).get("error").asText(), containsString("HTTP 500"));
        drain(notifications);
        assertThat(webhook.accepted.size(), is(1));
    }

    @Test
    void aTimedOutAttemptIsRetriedUnderTheSameDeliveryIdSoTheReceiverDedupes() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        webhook.slowNext.set(1);
        webhook.slowMillis = 4500; // bi.notify.timeout is 3 s
        String channel = createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        String id = firstDelivery(send(tenant, "slow-1", channel, "Report"));
        deliverUntil(notifications, () -> delivery(tenant, id).get("status").asText().equals("SENT"));
        deliverUntil(notifications, () -> webhook.requests.get() == 2 && webhook.accepted.size() == 2); // the slow one lands late

        JsonNode sent = delivery(tenant, id);
        assertThat(sent.get("attempts").asInt(), is(2));
        assertThat(sent.get("log").get(0).get("error").asText(), containsString("no answer within 3000 ms"));
        // at-least-once: the receiver saw both requests, under one delivery id it keeps once
        assertThat(webhook.distinctDeliveries(), is(1L));
        assertThat(webhook.accepted.getFirst().deliveryId(), is(id));
    }

    @Test
    void deadAfterTheLastAttemptThenAManualRetryDelivers() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        webhook.failNext.set(3);
        String channel = createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        String id = firstDelivery(send(tenant, "dead-1", channel, "Report"));
        deliverUntil(notifications, () -> delivery(tenant, id).get("status").asText().equals("DEAD"));
        drain(notifications);
        assertThat(webhook.requests.get(), is(3));
        assertThat(webhook.accepted.size(), is(0));

        Http.Response refused = http.post(API + "deliveries/" + id + "/retry", bearer(tenant, "VIEWER"), null);
        assertThat(refused.status(), is(403));
        Http.Response retried = http.post(API + "deliveries/" + id + "/retry", admin(tenant), null);
        assertThat(retried.toString(), retried.status(), is(200));
        assertThat(retried.json().get("status").asText(), is("QUEUED"));
        deliverUntil(notifications, () -> delivery(tenant, id).get("status").asText().equals("SENT"));
        assertThat(webhook.accepted.size(), is(1));
        assertThat(delivery(tenant, id).get("log").size(), is(4));

        Http.Response again = http.post(API + "deliveries/" + id + "/retry", admin(tenant), null);
        assertThat(again.status(), is(409)); // a sent delivery is not sent again
    }

    @Test
    void theSameIdempotencyKeyQueuesAndSendsOnce() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        String channel = createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        Http.Response first = send(tenant, "plan-alert-shop-7-2026-12-02", channel, "Shop 7 is behind");
        Http.Response second = send(tenant, "plan-alert-shop-7-2026-12-02", channel, "Shop 7 is behind");
        assertThat(first.status(), is(202));
        assertThat(first.json().get("duplicate").asBoolean(), is(false));
        assertThat(second.toString(), second.status(), is(200));
        assertThat(second.json().get("duplicate").asBoolean(), is(true));
        assertThat(second.json().get("deliveries").get(0).get("id").asText(), is(firstDelivery(first)));
        // the header works as the key too
        Http.Response header = http.send("POST", API + "send", bearer(tenant, "SERVICE"), """
                {"channel_ids":["%s"],"title":"Shop 7 is behind","markdown":"GMV **1,234**"}""".formatted(channel), null);
        assertThat(header.status(), is(400));
        assertThat(header.json().get("field").asText(), is("idempotency_key"));

        Http.Response other = send(tenant, "plan-alert-shop-7-2026-12-02", channel, "Another title");
        assertThat(other.status(), is(409));
        assertThat(other.json().get("field").asText(), is("idempotency_key"));
        deliverUntil(notifications, () -> webhook.accepted.size() == 1);
        drain(notifications);
        Http.Response third = send(tenant, "plan-alert-shop-7-2026-12-02", channel, "Shop 7 is behind");
        assertThat(third.json().get("deliveries").get(0).get("status").asText(), is("SENT"));
        drain(notifications);
        assertThat(webhook.accepted.size(), is(1));
        assertThat(webhook.requests.get(), is(1));
    }

    @Test
    void racingWorkersNeverSendADeliveryTwice() throws Exception {
        String tenant = tenant();
        FakeReceiver a = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        FakeReceiver b = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        String channelA = createChannel(http, admin(tenant), """
                {"name":"a","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(a.url(), WEBHOOK_SECRET));
        String channelB = createChannel(http, admin(tenant), """
                {"name":"b","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(b.url(), WEBHOOK_SECRET));
        int messages = 15;
        for (int i = 0; i < messages; i++) {
            assertThat(http.post(API + "send", bearer(tenant, "SERVICE"), """
                    {"idempotency_key":"race-%d","channel_ids":["%s","%s"],"title":"n%d","markdown":"x"}"""
                    .formatted(i, channelA, channelB, i)).status(), is(202));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> deliverUntil(notifications, () -> a.accepted.size() + b.accepted.size() >= 2 * messages)));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        drain(notifications);
        assertThat(a.distinctDeliveries(), is((long) messages));
        assertThat(b.distinctDeliveries(), is((long) messages));
        JsonNode sent = http.get(API + "deliveries?status=SENT&size=100", bearer(tenant, "VIEWER")).json();
        assertThat(sent.get("total").asInt(), is(2 * messages));
        // every request a receiver saw is one attempt in the log: no claim was ever sent twice (a timed-out attempt
        // under load would be a logged FAILED attempt followed by a retry, still one request per attempt)
        int logged = 0;
        for (JsonNode d : sent.get("items")) {
            logged += delivery(tenant, d.get("id").asText()).get("log").size();
        }
        assertThat(a.requests.get() + b.requests.get(), is(logged));
    }

    @Test
    void dingTalksTwentyPerMinuteHoldAndTheRestWaits() throws Exception {
        String tenant = tenant();
        FakeReceiver ding = receiver(Scheme.DINGTALK, "SECding", "ding-token");
        String channel = createChannel(http, admin(tenant), """
                {"name":"ding","kind":"DINGTALK","url":"%s","secret":"SECding"}""".formatted(ding.url()));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add(firstDelivery(send(tenant, "burst-" + i, channel, "n" + i)));
        }
        deliverUntil(notifications, () -> ding.accepted.size() == 20);
        drain(notifications);
        assertThat(ding.requests.get(), is(20));
        JsonNode waiting = http.get(API + "deliveries?status=QUEUED", bearer(tenant, "VIEWER")).json();
        assertThat(waiting.get("total").asInt(), is(1));
        Instant next = Instant.parse(waiting.get("items").get(0).get("next_attempt_at").asText());
        assertThat(next.isAfter(Instant.now().plus(Duration.ofSeconds(30))), is(true));
        assertThat(waiting.get("items").get(0).get("attempts").asInt(), is(0)); // waiting is not an attempt
    }

    @Test
    void anotherTenantSeesAndUsesNothingOfTheFirst() throws Exception {
        String owner = tenant();
        String other = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        String channel = createChannel(http, admin(owner), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        String id = firstDelivery(send(owner, "iso-1", channel, "Report"));

        assertThat(http.get(API + "channels/" + channel, admin(other)).status(), is(404));
        assertThat(http.get(API + "channels", admin(other)).json().get("items").size(), is(0));
        assertThat(http.post(API + "channels/" + channel + "/test", admin(other), null).status(), is(404));
        assertThat(http.put(API + "channels/" + channel, admin(other), """
                {"name":"mine now","kind":"WEBHOOK"}""", null).status(), is(404));
        assertThat(http.delete(API + "channels/" + channel, admin(other), null).status(), is(404));
        assertThat(http.get(API + "deliveries/" + id, admin(other)).status(), is(404));
        assertThat(http.post(API + "deliveries/" + id + "/retry", admin(other), null).status(), is(404));
        assertThat(http.get(API + "deliveries", admin(other)).json().get("total").asInt(), is(0));
        Http.Response foreign = send(other, "iso-1", channel, "Report");
        assertThat(foreign.status(), is(400));
        assertThat(foreign.json().get("field").asText(), is("channel_ids[0]"));
        // the same idempotency key in another tenant is another message
        assertThat(http.post(API + "send", bearer(other, "SERVICE"), """
                {"idempotency_key":"iso-1","title":"t","markdown":"m"}""").status(), is(412)); // it has no channel
        deliverUntil(notifications, () -> webhook.accepted.size() == 1);
        assertThat(http.get(API + "deliveries/" + id, admin(owner)).json().get("status").asText(), is("SENT"));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String tenant = tenant();
        String admin = admin(tenant);
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"SMS","url":"https://example.com/h"}"""), 400, "kind");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"WEBHOOK","url":"http://10.1.2.3/hook","secret":"%s"}""".formatted(WEBHOOK_SECRET)), 400, "url");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"WEBHOOK","url":"http://169.254.169.254/latest/meta-data","secret":"%s"}""".formatted(WEBHOOK_SECRET)), 400, "url");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"WEBHOOK","url":"http://2130706433/hook","secret":"%s"}""".formatted(WEBHOOK_SECRET)), 400, "url");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"DINGTALK","url":"https://robots.example.com/robot/send?access_token=t"}"""), 400, "url");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"WEBHOOK","url":"ftp://127.0.0.1/hook","secret":"%s"}""".formatted(WEBHOOK_SECRET)), 400, "url");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"WEBHOOK","url":"http://127.0.0.1:9/hook","secret":"short"}"""), 400, "secret");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"EMAIL","smtp_host":"127.0.0.1","smtp_port":25,"from":"bi@example.com","to":["not an address"]}"""),
                400, "to[0]");
        assertProblem(http.post(API + "channels", admin, """
                {"name":"x","kind":"EMAIL","smtp_host":"10.0.0.5","smtp_port":25,"from":"bi@example.com","to":["a@example.com"]}"""),
                400, "smtp_host");
        assertProblem(http.post(API + "channels", bearer(tenant, "ANALYST"), """
                {"name":"x","kind":"WECOM","url":"http://127.0.0.1:9/cgi-bin/webhook/send?key=k"}"""), 403, null);
        String sender = bearer(tenant, "SERVICE");
        assertProblem(http.post(API + "send", sender, """
                {"title":"t","markdown":"m"}"""), 400, "idempotency_key");
        assertProblem(http.post(API + "send", sender, """
                {"idempotency_key":"k","channel_ids":["nope"],"title":"t","markdown":"m"}"""), 400, "channel_ids[0]");
        assertProblem(http.post(API + "send", sender, """
                {"idempotency_key":"k","channel_ids":["%s"],"title":"t"}""".formatted(UUID.randomUUID())), 400, "markdown");
        assertProblem(http.post(API + "send", sender, """
                {"idempotency_key":"k","title":"t","markdown":"m","images":[{"name":"a.gif","content_type":"image/gif","data":"R0lG"}]}"""),
                400, "images[0].content_type");
        assertProblem(http.post(API + "send", sender, """
                {"idempotency_key":"k","title":"t","markdown":"m","colour":"red"}"""), 400, "colour");
        assertProblem(http.post(API + "send", sender, """
                {"idempotency_key":"k","template":"missing","variables":{}}"""), 400, "template");
        assertProblem(http.get(API + "deliveries?status=LOST", bearer(tenant, "VIEWER")), 400, "status");
        assertProblem(http.get(API + "deliveries/not-a-uuid", bearer(tenant, "VIEWER")), 400, "id");
        assertProblem(http.post(API + "templates", bearer(tenant, "ANALYST"), """
                {"name":"Bad Name","title":"t","markdown":"m"}"""), 400, "name");
    }

    private static void assertProblem(Http.Response answer, int status, String field) {
        assertThat(answer.toString(), answer.status(), is(status));
        assertThat(answer.contentType(), startsWith("application/problem+json"));
        if (field != null) {
            assertThat(answer.toString(), answer.json().get("field").asText(), is(field));
        }
    }

    @Test
    void templatesFillTheirVariablesAndAMissingOneIsNamed() throws Exception {
        String tenant = tenant();
        FakeReceiver webhook = receiver(Scheme.WEBHOOK, WEBHOOK_SECRET, null);
        createChannel(http, admin(tenant), """
                {"name":"hook","kind":"WEBHOOK","url":"%s","secret":"%s"}""".formatted(webhook.url(), WEBHOOK_SECRET));
        Http.Response template = http.post(API + "templates", bearer(tenant, "ANALYST"), """
                {"name":"plan-alert","title":"{{shop}} is {{status}}","markdown":"Attainment **{{attainment}}** of target"}""");
        assertThat(template.toString(), template.status(), is(201));
        assertThat(template.json().get("variables").toString(), is("[\"shop\",\"status\",\"attainment\"]"));
        assertProblem(http.post(API + "send", bearer(tenant, "SERVICE"), """
                {"idempotency_key":"tpl-0","template":"plan-alert","variables":{"shop":"Tmall A","status":"BEHIND"}}"""),
                400, "variables.attainment");
        Http.Response sent = http.post(API + "send", bearer(tenant, "SERVICE"), """
                {"idempotency_key":"tpl-1","template":"plan-alert","variables":{"shop":"Tmall A","status":"BEHIND","attainment":"71%"}}""");
        assertThat(sent.toString(), sent.status(), is(202));
        deliverUntil(notifications, () -> webhook.accepted.size() == 1);
        JsonNode got = webhook.accepted.getFirst().json();
        assertThat(got.get("title").asText(), is("Tmall A is BEHIND"));
        assertThat(got.get("markdown").asText(), is("Attainment **71%** of target"));
    }

    @Test
    void aChannelTestSendsOnceNowAndReportsTheOutcome() throws Exception {
        String tenant = tenant();
        FakeReceiver feishu = receiver(Scheme.FEISHU, "feishu-secret", "tok");
        String channel = createChannel(http, admin(tenant), """
                {"name":"feishu","kind":"FEISHU","url":"%s","secret":"feishu-secret"}""".formatted(feishu.url()));
        Http.Response ok = http.post(API + "channels/" + channel + "/test", admin(tenant), null);
        assertThat(ok.toString(), ok.status(), is(200));
        assertThat(ok.json().get("status").asText(), is("SENT"));
        assertThat(feishu.accepted.size(), is(1));

        feishu.failNext.set(1);
        Http.Response failed = http.post(API + "channels/" + channel + "/test", admin(tenant), null);
        assertThat(failed.json().get("status").asText(), is("DEAD"));
        assertThat(failed.json().get("last_error").asText(), containsString("HTTP 500"));
        drain(notifications);
        assertThat(feishu.requests.get(), is(2)); // a failed test is not retried
    }

    @Test
    void secretsAreWriteOnlyAndNeverLogged() throws Exception {
        String tenant = tenant();
        String token = "ding-TOKEN-" + UUID.randomUUID();
        String secret = "SEC-ding-SECRET-" + UUID.randomUUID();
        FakeReceiver ding = receiver(Scheme.DINGTALK, secret, token);
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level previous = Logger.getLogger("com.bi").getLevel();
        root.addHandler(capture);
        Logger.getLogger("com.bi").setLevel(Level.ALL);
        try {
            String channel = createChannel(http, admin(tenant), """
                    {"name":"ding","kind":"DINGTALK","url":"%s","secret":"%s"}""".formatted(ding.url(), secret));
            ding.failNext.set(1);
            String id = firstDelivery(send(tenant, "secret-1", channel, "Report"));
            deliverUntil(notifications, () -> ding.accepted.size() == 1);
            // a wrong secret written later: rejected by the robot, so its error is logged too
            Http.Response updated = http.put(API + "channels/" + channel, admin(tenant), """
                    {"name":"ding","secret":"SEC-another-SECRET-value"}""", null);
            assertThat(updated.toString(), updated.status(), is(200));
            assertThat(updated.json().get("url_set").asBoolean(), is(true)); // kept: secrets left out stay
            String id2 = firstDelivery(send(tenant, "secret-2", channel, "Report"));
            deliverUntil(notifications, () -> delivery(tenant, id2).get("status").asText().equals("DEAD"));

            List<String> answers = List.of(
                    http.get(API + "channels/" + channel, admin(tenant)).body(),
                    http.get(API + "channels", admin(tenant)).body(),
                    updated.body(),
                    http.get(API + "deliveries/" + id, admin(tenant)).body(),
                    http.get(API + "deliveries/" + id2, admin(tenant)).body(),
                    http.get(API + "deliveries", admin(tenant)).body(),
                    http.post(API + "channels/" + channel + "/test", admin(tenant), null).body());
            for (String answer : answers) {
                assertThat(answer, not(containsString(token)));
                assertThat(answer, not(containsString(secret)));
                assertThat(answer, not(containsString("SEC-another-SECRET-value")));
            }
            assertThat(answers.getFirst(), containsString("\"secret_set\":true"));
            assertThat(answers.getFirst(), containsString("\"url_host\":\"http://127.0.0.1:"));
        } finally {
            root.removeHandler(capture);
            Logger.getLogger("com.bi").setLevel(previous);
        }
        synchronized (logged) {
            assertThat(logged.size(), greaterThan(0));
            for (String line : logged) {
                assertThat(line, not(containsString(token)));
                assertThat(line, not(containsString(secret)));
                assertThat(line, not(containsString("SEC-another-SECRET-value")));
            }
        }
    }
}
