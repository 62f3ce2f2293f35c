package com.bi.basic;

import java.net.URI;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** The master-data API against a real PostgreSQL: CRUD, paging, filters, optimistic locking, conflicts, rules. */
class MasterDataApiTest {
    private static final String SHOPS = "/api/basic/v1/shops";
    private final Http http;
    private final String admin = bearer("tenant-a", "ADMIN");

    MasterDataApiTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase();

    private JsonNode createShop(String token, String externalId) {
        Response created = http.post(SHOPS, token, """
                {"name":"Shop %s","platform":"TMALL","source":"JUSHUITAN","external_id":"%s"}""".formatted(externalId, externalId));
        assertThat(created.toString(), created.status(), is(201));
        return created.json();
    }

    @Test
    void shopLifecycle() {
        Response created = http.post(SHOPS, admin, """
                {"name":"Flagship","platform":"TMALL","source":"JUSHUITAN","external_id":"10001"}""");
        assertThat(created.status(), is(201));
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location"), is(SHOPS + "/" + id));
        assertThat(created.header("ETag"), is("\"1\""));
        assertThat(created.json().get("status").asText(), is("ACTIVE"));

        Response read = http.get(SHOPS + "/" + id, admin);
        assertThat(read.status(), is(200));
        assertThat(read.json().get("external_id").asText(), is("10001"));

        String update = """
                {"name":"Flagship 2","platform":"TMALL","source":"JUSHUITAN","external_id":"10001","status":"DISABLED"}""";
        Response noIfMatch = http.put(SHOPS + "/" + id, admin, update, null);
        assertThat(noIfMatch.status(), is(428));
        assertThat(noIfMatch.contentType(), is("application/problem+json"));

        Response updated = http.put(SHOPS + "/" + id, admin, update, "\"1\"");
        assertThat(updated.toString(), updated.status(), is(200));
        assertThat(updated.header("ETag"), is("\"2\""));
        assertThat(updated.json().get("name").asText(), is("Flagship 2"));

        Response stale = http.put(SHOPS + "/" + id, admin, update, "\"1\"");
        assertThat(stale.status(), is(412));
        assertThat(stale.json().get("detail").asText(), containsString("version 2"));

        Response staleDelete = http.delete(SHOPS + "/" + id, admin, "\"1\"");
        assertThat(staleDelete.status(), is(412));
        assertThat(http.delete(SHOPS + "/" + id, admin, "\"2\"").status(), is(204));
        assertThat(http.get(SHOPS + "/" + id, admin).status(), is(404));
    }

    @Test
    void duplicateExternalIdIsAConflict() {
        createShop(admin, "dup-1");
        Response duplicate = http.post(SHOPS, admin, """
                {"name":"Other","platform":"JD","source":"JUSHUITAN","external_id":"dup-1"}""");
        assertThat(duplicate.status(), is(409));
        assertThat(duplicate.json().get("detail").asText(), is("a shop with this source and external_id already exists"));
        // same external id from another source is a different shop
        assertThat(http.post(SHOPS, admin, """
                {"name":"Other","platform":"JD","source":"LEKE","external_id":"dup-1"}""").status(), is(201));
    }

    @Test
    void listPagesAndFilters() {
        String token = bearer("tenant-list", "VIEWER", "ANALYST");
        for (int i = 0; i < 5; i++) {
            http.post(SHOPS, token, """
                    {"name":"S%d","platform":"%s","source":"MANUAL","external_id":"l%d"}""".formatted(i, i % 2 == 0 ? "JD" : "PDD", i));
        }
        JsonNode page = http.get(SHOPS + "?page=2&size=2", token).json();
        assertThat(page.get("total").asInt(), is(5));
        assertThat(page.get("items").size(), is(2));
        assertThat(page.get("items").get(0).get("external_id").asText(), is("l2"));

        JsonNode jd = http.get(SHOPS + "?platform=jd", token).json();
        assertThat(jd.get("total").asInt(), is(3));

        Response unknown = http.get(SHOPS + "?plaform=JD", token);
        assertThat(unknown.status(), is(400));
        assertThat(unknown.json().get("field").asText(), is("plaform"));

        Response badEnum = http.get(SHOPS + "?platform=AMAZON", token);
        assertThat(badEnum.status(), is(400));
        assertThat(badEnum.json().get("detail").asText(), containsString("platform must be one of"));

        assertThat(http.get(SHOPS + "?size=500", token).json().get("field").asText(), is("size"));
        assertThat(http.get(SHOPS + "?page=0", token).json().get("field").asText(), is("page"));
        assertThat(http.get(SHOPS + "?page=abc", token).status(), is(400));
    }

    @Test
    void productsWithSkusAndCategories() {
        String token = bearer("tenant-p", "ANALYST");
        long root = http.post("/api/basic/v1/categories", token, """
                {"name":"Apparel"}""").json().get("id").asLong();
        Response child = http.post("/api/basic/v1/categories", token, """
                {"name":"T-shirts","parent_id":%d}""".formatted(root));
        assertThat(child.toString(), child.status(), is(201));
        long childId = child.json().get("id").asLong();

        Response missingParent = http.post("/api/basic/v1/categories", token, """
                {"name":"Orphan","parent_id":999999}""");
        assertThat(missingParent.status(), is(400));
        assertThat(missingParent.json().get("field").asText(), is("parent_id"));

        Response cycle = http.put("/api/basic/v1/categories/" + root, token, """
                {"name":"Apparel","parent_id":%d}""".formatted(childId), "\"1\"");
        assertThat(cycle.status(), is(400));
        assertThat(cycle.json().get("detail").asText(), containsString("under itself"));

        Response product = http.post("/api/basic/v1/products", token, """
                {"code":"TS-001","name":"Cotton tee","category_id":%d,
                 "skus":[{"code":"TS-001-S","name":"Small","price":59.90},{"code":"TS-001-M","name":"Medium","price":59.9}]}"""
                .formatted(childId));
        assertThat(product.toString(), product.status(), is(201));
        assertThat(product.json().get("skus").size(), is(2));
        assertThat(product.json().get("skus").get(1).get("code").asText(), is("TS-001-M"));
        long productId = product.json().get("id").asLong();

        Response dupSku = http.post("/api/basic/v1/products", token, """
                {"code":"TS-002","name":"Other","skus":[{"code":"TS-001-S","name":"Small","price":1}]}""");
        assertThat(dupSku.status(), is(409));
        assertThat(dupSku.json().get("detail").asText(), containsString("SKU codes"));

        Response badPrice = http.post("/api/basic/v1/products", token, """
                {"code":"TS-003","name":"Other","skus":[{"code":"X","name":"Small","price":1.999}]}""");
        assertThat(badPrice.status(), is(400));
        assertThat(badPrice.json().get("field").asText(), startsWith("skus"));

        Response categoryInUse = http.delete("/api/basic/v1/categories/" + childId, token, null);
        assertThat(categoryInUse.status(), is(409));
        assertThat(categoryInUse.json().get("detail").asText(), containsString("still has products"));

        Response replaced = http.put("/api/basic/v1/products/" + productId, token, """
                {"code":"TS-001","name":"Cotton tee","skus":[{"code":"TS-001-L","name":"Large","price":69}]}""", "\"1\"");
        assertThat(replaced.status(), is(200));
        assertThat(replaced.json().get("skus").size(), is(1));
        assertThat(http.get("/api/basic/v1/products?category_id=" + childId, token).json().get("total").asInt(), is(0));
    }

    @Test
    void dictionaries() {
        String token = bearer("tenant-d", "ADMIN");
        assertThat(http.post("/api/basic/v1/dictionaries", token, """
                {"type":"order_status","code":"WAIT_SEND","label":"待发货","sort_order":1}""").status(), is(201));
        assertThat(http.post("/api/basic/v1/dictionaries", token, """
                {"type":"order_status","code":"SENT","label":"已发货","sort_order":2}""").status(), is(201));
        Response duplicate = http.post("/api/basic/v1/dictionaries", token, """
                {"type":"order_status","code":"SENT","label":"again"}""");
        assertThat(duplicate.status(), is(409));
        JsonNode list = http.get("/api/basic/v1/dictionaries?type=order_status", token).json();
        assertThat(list.get("total").asInt(), is(2));
        assertThat(list.get("items").get(0).get("label").asText(), is("待发货"));
    }
}
