package com.bi.chat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.chat.domain.Answers;
import com.bi.common.json.Json;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.demo.DemoData;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.chat.v1.AskRequest;
import com.bi.proto.chat.v1.AskResponse;
import com.bi.proto.chat.v1.ChatServiceGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * bi-chat against real bi-analysis and bi-basic started in-process, seeded with two tenants' shops and orders: the
 * issue's questions are answered with exactly bi-analysis's numbers for the query shown, follow-ups continue a
 * conversation, a tenant's shop names are matched for that tenant only, and bad input is a 4xx problem.
 */
class ChatApiTest {
    private static final String A = "chat-a";
    private static final String B = "chat-b";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static ServiceUnderTest analysis;
    private static ServiceUnderTest basic;
    private static ServiceUnderTest chat;
    private static String shopA;
    private static String shopB;

    @BeforeAll
    static void start() {
        analysis = ServiceUnderTest.of(new AnalysisService()).withDatabase().start();
        basic = ServiceUnderTest.of(new BasicService()).withDatabase().start();
        chat = ServiceUnderTest.of(new ChatService()).withDatabase().config(Map.of(
                "bi.peers.analysis.address", "127.0.0.1:" + analysis.grpcPort(),
                "bi.peers.basic.address", "127.0.0.1:" + basic.grpcPort())).start();
        shopA = seed(A, 7, "", List.of("杭州小鹿旗舰店", "小鹿淘宝折扣店", "小鹿古着铺"), Map.of("SKU-0000", "小鹿真丝围巾"));
        shopB = seed(B, 8, "b-", List.of("宁波大象旗舰店", "大象淘宝店", "大象复古店"), Map.of("SKU-0000", "大象羊毛大衣"));
    }

    @AfterAll
    static void stop() {
        for (ServiceUnderTest s : new ServiceUnderTest[] {chat, basic, analysis}) {
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * The tenant's shops in bi-basic (named), products for the named SKUs, and ~70 days of its orders in bi-analysis;
     * returns the first shop's id.
     */
    private static String seed(String tenant, long seed, String idPrefix, List<String> names, Map<String, String> skuNames) {
        DemoData demo = new DemoData(seed, tenant, "DEMO");
        List<DemoData.Shop> shops = demo.shops();
        for (int i = 0; i < shops.size(); i++) {
            String name = i < names.size() ? names.get(i) : tenant + " shop " + i;
            Http.Response created = basic.http().post("/api/basic/v1/shops", bearer(tenant, "ADMIN"), """
                    {"name":"%s","platform":"%s","source":"MANUAL","external_id":"%s"}""".formatted(name, shops.get(i).platform(),
                    idPrefix + shops.get(i).id()));
            assertThat(created.toString(), created.status(), is(201));
        }
        skuNames.forEach((code, name) -> {
            Http.Response created = basic.http().post("/api/basic/v1/products", bearer(tenant, "ADMIN"), """
                    {"code":"P-%s","name":"%s","skus":[{"code":"%s","name":"%s","price":99.00}]}""".formatted(code, name, code, name));
            assertThat(created.toString(), created.status(), is(201));
        });
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer(tenant, "ADMIN"));
            var stub = AnalysisServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            Iterator<OrderEvent> orders = demo.orders(TODAY.minusDays(70), TODAY.minusDays(1), 1500).iterator();
            IngestRequest.Builder batch = IngestRequest.newBuilder();
            while (orders.hasNext()) {
                OrderEvent o = orders.next();
                batch.addOrders(OrderCodec.toProto(o).toBuilder().setShopId(idPrefix + o.shopId()));
                if (batch.getOrdersCount() == 500 || !orders.hasNext()) {
                    stub.ingest(batch.build());
                    batch = IngestRequest.newBuilder();
                }
            }
        } finally {
            channel.shutdownNow();
        }
        return idPrefix + shops.getFirst().id();
    }

    private static JsonNode ask(String tenant, String conversation, String question) {
        Map<String, Object> body = new HashMap<>();
        body.put("question", question);
        if (conversation != null) {
            body.put("conversation_id", conversation);
        }
        Http.Response answer = chat.http().post("/api/chat/v1/ask", bearer(tenant, "VIEWER"), Json.MAPPER.valueToTree(body).toString());
        assertThat(answer.toString(), answer.status(), is(200));
        return answer.json();
    }

    /** bi-analysis's own answer to the query the chat shows. */
    private static JsonNode analysisAnswer(String tenant, JsonNode query) {
        Http.Response answer = analysis.http().post("/api/analysis/v1/query", bearer(tenant, "VIEWER"), query.toString());
        assertThat(answer.toString(), answer.status(), is(200));
        return answer.json();
    }

    @Test
    void theIssuesQuestionsAnswerWithBiAnalysisNumbers() {
        for (String question : List.of("上周各店铺GMV", "top 5 SKUs by units last 30 days", "昨天退款率是多少",
                "compare this month's orders with last month", "双十一期间天猫店的客单价", "本月GMV环比")) {
            JsonNode answer = ask(A, null, question);
            assertThat(question + " → " + answer, answer.get("kind").asText(), is("ANSWER"));
            JsonNode query = answer.get("query");
            JsonNode expected = analysisAnswer(A, query);
            List<String> metrics = new ArrayList<>();
            query.get("metrics").forEach(m -> metrics.add(m.asText()));
            int dims = query.get("dimensions").size();
            boolean compared = !query.get("compare").asText().isEmpty();
            if (dims == 0) {
                for (String m : metrics) {
                    Double value = expected.get("totals").get(m).isNull() ? null : expected.get("totals").get(m).asDouble();
                    String formatted = Answers.format(m, value);
                    assertThat(question, answer.get("sentence").asText(), containsString(formatted));
                    assertThat(question, answer.get("chart").get("items").get(0).get("formatted").asText(), is(formatted));
                }
                assertThat(answer.get("chart").get("type").asText(), is("kpi"));
                continue;
            }
            assertThat(question, answer.get("rows").size(), is(expected.get("rows").size()));
            assertThat(question, answer.get("rows").size(), greaterThan(0));
            for (int r = 0; r < expected.get("rows").size(); r++) {
                for (int i = 0; i < metrics.size(); i++) {
                    String m = metrics.get(i);
                    JsonNode cell = expected.get("rows").get(r).get(m);
                    String want = Answers.format(m, cell == null || cell.isNull() ? null : cell.asDouble());
                    assertThat(question + " row " + r, answer.get("rows").get(r).get(dims + i * (compared ? 3 : 1)).asText(), is(want));
                }
            }
            assertThat(answer.get("chart").get("type").asText(), is(dims == 1 ? (List.of("day", "week", "month")
                    .contains(query.get("dimensions").get(0).asText()) ? "line" : "bar") : "table"));
        }
    }

    @Test
    void aFollowUpContinuesTheConversation() {
        JsonNode first = ask(A, null, "上周各店铺GMV");
        String id = first.get("conversation_id").asText();
        JsonNode second = ask(A, id, "那上个月呢?");
        assertThat(second.toString(), second.get("kind").asText(), is("ANSWER"));
        LocalDate lastMonth = TODAY.withDayOfMonth(1).minusMonths(1);
        assertThat(second.get("query").get("from").asText(), is(lastMonth.toString()));
        assertThat(second.get("query").get("dimensions").get(0).asText(), is("shop"));
        JsonNode third = ask(A, id, "只看天猫");
        assertThat(third.get("query").get("filters").toString(), containsString("TMALL"));

        Http.Response conversation = chat.http().get("/api/chat/v1/conversations/" + id, bearer(A, "VIEWER"));
        assertThat(conversation.status(), is(200));
        assertThat(conversation.json().get("turns").size(), is(3));
        assertThat(conversation.json().get("turns").get(1).get("question").asText(), is("那上个月呢?"));
        Http.Response otherTenant = chat.http().get("/api/chat/v1/conversations/" + id, bearer(B, "VIEWER"));
        assertThat(otherTenant.status(), is(404));
        Http.Response continuedByOther = chat.http().post("/api/chat/v1/ask", bearer(B, "VIEWER"), """
                {"conversation_id":"%s","question":"那上个月呢?"}""".formatted(id));
        assertThat(continuedByOther.status(), is(404));
    }

    @Test
    void shopNamesAreMatchedAgainstTheCallersTenantOnly() {
        JsonNode own = ask(A, null, "杭州小鹿旗舰店上周的GMV");
        assertThat(own.toString(), own.get("query").get("filters").toString(), containsString(shopA));
        assertThat(own.get("sentence").asText(), containsString("杭州小鹿旗舰店"));
        JsonNode pinyin = ask(A, null, "hangzhou xiaolu GMV last week");
        assertThat(pinyin.toString(), pinyin.get("query").get("filters").toString(), containsString(shopA));

        JsonNode other = ask(B, null, "杭州小鹿旗舰店上周的GMV");
        assertThat(other.toString(), other.toString(), not(containsString(shopA)));
        assertThat(other.toString(), not(containsString("\"shop\"")));
        JsonNode ownB = ask(B, null, "宁波大象旗舰店上周的GMV");
        assertThat(ownB.toString(), ownB.get("query").get("filters").toString(), containsString(shopB));
        JsonNode byShopB = ask(B, null, "上周各店铺GMV");
        assertThat(byShopB.toString(), not(containsString("小鹿")));
        assertThat(byShopB.toString(), containsString("大象"));
    }

    @Test
    void skuNamesFromBiBasicAreMatchedAgainstTheCallersTenantOnly() {
        JsonNode own = ask(A, null, "小鹿真丝围巾上个月的销量");
        assertThat(own.toString(), own.get("kind").asText(), is("ANSWER"));
        assertThat(own.toString(), own.get("query").get("filters").toString(), containsString("SKU-0000"));
        assertThat(own.get("sentence").asText(), containsString("小鹿真丝围巾"));
        JsonNode pinyin = ask(A, null, "units of xiaolu zhensi weijin last month");
        assertThat(pinyin.toString(), pinyin.get("query").get("filters").toString(), containsString("SKU-0000"));
        JsonNode ranking = ask(A, null, "top 5 SKUs by units last 30 days");
        JsonNode expected = analysisAnswer(A, ranking.get("query"));
        for (int r = 0; r < expected.get("rows").size(); r++) {
            String code = expected.get("rows").get(r).get("sku").asText();
            assertThat(ranking.toString(), ranking.get("rows").get(r).get(0).asText(), is(code.equals("SKU-0000") ? code + " 小鹿真丝围巾" : code));
        }
        assertThat("the demo's best seller is named", ranking.get("rows").toString(), containsString("小鹿真丝围巾"));

        // tenant B sells a SKU with the same code under its own name; A's name means nothing to B
        JsonNode other = ask(B, null, "小鹿真丝围巾上个月的销量");
        assertThat(other.toString(), other.toString(), not(containsString("SKU-0000")));
        assertThat(other.toString(), other.toString(), not(containsString("真丝")));
        JsonNode ownB = ask(B, null, "大象羊毛大衣上个月的销量");
        assertThat(ownB.toString(), ownB.get("query").get("filters").toString(), containsString("SKU-0000"));
        assertThat(ownB.get("sentence").asText(), containsString("大象羊毛大衣"));
    }

    @Test
    void badInputIsA4xxProblemNamingTheField() {
        String viewer = bearer(A, "VIEWER");
        for (String[] c : new String[][] {
                {"{\"question\":\"\"}", "question"},
                {"{\"question\":\"" + "好".repeat(10_240) + "\"}", "question"},
                {"{\"question\":\"GMV\",\"locale\":\"fr\"}", "locale"},
                {"{\"question\":\"GMV\",\"conversation_id\":\"1 OR 1=1\"}", "conversation_id"},
                {"{\"question\":\"GMV\",\"tenant\":\"chat-b\"}", "tenant"},
                {"{\"question\":", null},
                {"[]", null},
                {"{\"question\":\"GMV \\u0000 yesterday\"}", null}}) { // NUL: the kit refuses what PostgreSQL cannot store
            Http.Response r = chat.http().post("/api/chat/v1/ask", viewer, c[0]);
            assertThat(c[0], r.status(), is(400));
            assertThat(r.contentType(), startsWith("application/problem+json"));
            if (c[1] != null) {
                assertThat(r.body(), r.json().get("field").asText(), is(c[1]));
            }
        }
        for (String hostile : List.of("'; DROP TABLE conversation; --", "SELECT * FROM order_fact", "🙂🙂🙂", "%s%n", "../../etc/passwd")) {
            JsonNode answer = ask(A, null, hostile);
            assertThat(hostile, answer.get("kind").asText(), is("REFUSE"));
        }
        assertThat(ask(A, null, "上周的利润").get("sentence").asText(), containsString("GMV"));
    }

    @Test
    void grpcAskAnswersAsTheCaller() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", chat.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer(A, "VIEWER"));
            AskResponse answer = ChatServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .ask(AskRequest.newBuilder().setQuestion("GMV by shop last week").build());
            assertThat(answer.getKind(), is("ANSWER"));
            assertThat(answer.getLocale(), is("en"));
            assertThat(answer.getRowsCount(), greaterThan(0));
            assertThat(Json.MAPPER.readTree(answer.getQueryJson()).get("dimensions").get(0).asText(), is("shop"));
            assertThat(Json.MAPPER.readTree(answer.getChartJson()).get("type").asText(), is("bar"));
            assertThat(answer.getSentence(), containsString("¥"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            channel.shutdownNow();
        }
    }
}
