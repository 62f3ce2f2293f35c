package com.bi.template;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.bi.analysis.AnalysisService;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.Order;
import com.bi.proto.analysis.v1.OrderItem;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/**
 * The real bi-analysis (its own declaration on a fresh schema) for bi-template to ask, with demo orders ingested
 * through its gRPC Ingest; bi-template started against it. Days are the tenants' (bi-analysis's default zone).
 */
final class Backend {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** A Chinese shop name: charts and spreadsheets must carry it through. */
    static final String TMALL_SHOP = "天猫旗舰店";
    static final String JD_SHOP = "jd-store";

    private Backend() {
    }

    static ServiceUnderTest analysis() {
        return ServiceUnderTest.of(new AnalysisService()).withDatabase().start();
    }

    /** bi-template on a fresh schema, its bi-analysis peer at {@code analysis}. */
    static ServiceUnderTest template(ServiceUnderTest analysis) {
        return ServiceUnderTest.of(new TemplateService()).withDatabase()
                .config("bi.peers.analysis.address", "127.0.0.1:" + analysis.grpcPort())
                .config("bi.template.panel.timeout", "20s");
    }

    static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /**
     * Tenant {@code tpl-a}: yesterday 天猫旗舰店 (TMALL) 100 + 50 and jd-store (JD) 30; the day before 天猫旗舰店 60.
     * Tenant {@code tpl-b}: yesterday b-shop 999.
     */
    static void seed(ServiceUnderTest analysis) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();
        try {
            LocalDate yesterday = today().minusDays(1);
            LocalDate before = today().minusDays(2);
            ingest(channel, "tpl-a", List.of(order("a1", TMALL_SHOP, "TMALL", yesterday, "100.00", "SKU-1", 2),
                    order("a2", TMALL_SHOP, "TMALL", yesterday, "50.00", "SKU-2", 1),
                    order("a3", JD_SHOP, "JD", yesterday, "30.00", "SKU-1", 1),
                    order("a4", TMALL_SHOP, "TMALL", before, "60.00", "SKU-2", 3)));
            ingest(channel, "tpl-b", List.of(order("b1", "b-shop", "TAOBAO", yesterday, "999.00", "SKU-B", 1)));
        } finally {
            channel.shutdownNow();
        }
    }

    private static void ingest(ManagedChannel channel, String tenant, List<Order> orders) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + TestTokens.ISSUER.token(tenant, "seed", List.of("SERVICE"), Duration.ofMinutes(10)));
        AnalysisServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS).ingest(IngestRequest.newBuilder().addAllOrders(orders).build());
    }

    private static Order order(String id, String shop, String platform, LocalDate day, String amount, String sku, int units) {
        String at = day.atTime(12, 0).atZone(ZONE).toInstant().toString();
        return Order.newBuilder().setSource("DEMO").setExternalOrderId(id).setShopId(shop).setPlatform(platform).setOrderTime(at)
                .setPayTime(at).setStatus("PAID").setBuyerHash("buyer-" + id).setPayAmount(amount).setFreight("0").setDiscount("0")
                .setRefundAmount("0").setModifiedTime(at).setVersion(1)
                .addItems(OrderItem.newBuilder().setSku(sku).setCategory("服饰").setQuantity(units).setAmount(amount).setRefundAmount("0"))
                .build();
    }

    /** A GET whose body is binary (XLSX, PNG). */
    static HttpResponse<byte[]> download(URI base, String path, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", bearer).GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
