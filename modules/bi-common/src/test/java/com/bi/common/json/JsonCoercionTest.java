package com.bi.common.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile-suite finding F18: Jackson's default coercions let {@code {"name": 123}} through as "123". The kit's mapper
 * takes every value as the type it is written in; each refusal is a 400 naming the field.
 */
class JsonCoercionTest {
    record Body(String name, Integer count, Long total, Boolean active, Double ratio, BigDecimal amount,
                List<String> tags, Inner inner, Kind kind) {
    }

    record Inner(String label) {
    }

    record Primitives(int n, boolean on) {
    }

    enum Kind { SHOP, SKU }

    private static Body parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8), Body.class);
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            // numbers and booleans are not strings (F18)
            "{\"name\": 123}|name",
            "{\"name\": 1.5}|name",
            "{\"name\": true}|name",
            // strings are not numbers or booleans, even when they look like one
            "{\"count\": \"12\"}|count",
            "{\"total\": \"12\"}|total",
            "{\"ratio\": \"1.5\"}|ratio",
            "{\"amount\": \"1.50\"}|amount",
            "{\"active\": \"true\"}|active",
            "{\"active\": 1}|active",
            // a fraction is not an integer
            "{\"count\": 1.0}|count",
            // an empty string is not an absent value
            "{\"count\": \"\"}|count",
            "{\"inner\": \"\"}|inner",
            "{\"tags\": \"\"}|tags",
            "{\"kind\": \"\"}|kind",
            // a scalar is neither an array nor an object
            "{\"tags\": \"a\"}|tags",
            "{\"inner\": 5}|inner",
            "{\"inner\": \"x\"}|inner",
            // an object or an array is not a string
            "{\"name\": {}}|name",
            "{\"name\": []}|name",
            // enums by name only
            "{\"kind\": 0}|kind",
    })
    void coercionIsRefusedNamingTheField(String json, String field) {
        ApiException e = assertThrows(ApiException.class, () -> parse(json));
        assertThat(e.status(), is(400));
        assertThat(json, e.field(), is(field));
        assertThat(e.getMessage(), containsString("'" + field + "'"));
    }

    @Test
    void valuesOfTheirOwnTypeAreTaken() {
        Body body = parse("""
                {"name": "123", "count": 12, "total": 9007199254740993, "active": false, "ratio": 2,
                 "amount": 1.50, "tags": ["a"], "inner": {"label": ""}, "kind": "SKU"}""");
        assertThat(body, is(new Body("123", 12, 9007199254740993L, false, 2.0, new BigDecimal("1.50"),
                List.of("a"), new Inner(""), Kind.SKU)));
    }

    @Test
    void primitivesTakeOnlyTheirOwnType() {
        for (String json : List.of("{\"n\": \"12\", \"on\": true}", "{\"n\": 12, \"on\": \"true\"}", "{\"n\": 12, \"on\": 1}")) {
            ApiException e = assertThrows(ApiException.class,
                    () -> Json.parse(json.getBytes(StandardCharsets.UTF_8), Primitives.class));
            assertThat(json, e.field(), is(json.contains("\"12\"") ? "n" : "on"));
        }
        assertThat(Json.parse("{\"n\": 12, \"on\": true}".getBytes(StandardCharsets.UTF_8), Primitives.class),
                is(new Primitives(12, true)));
    }

    @Test
    void nullStaysAbsentForReferenceFields() {
        Body body = parse("{\"name\": null, \"count\": null, \"tags\": null, \"inner\": null}");
        assertThat(body.name() == null && body.count() == null && body.tags() == null && body.inner() == null, is(true));
    }

    @Test
    void theMessageSaysWhatWasExpected() {
        ApiException e = assertThrows(ApiException.class, () -> parse("{\"name\": 123}"));
        assertThat(e.getMessage(), containsString("a string"));
        ApiException count = assertThrows(ApiException.class, () -> parse("{\"count\": \"12\"}"));
        assertThat(count.getMessage(), containsString("an integer"));
    }

    @Test
    void treesKeepEveryValueAsWritten() throws Exception {
        // vendor payloads (Leke, Jushuitan) are read as trees and typed field by field: the coercion rules never apply
        var tree = Json.MAPPER.readTree("{\"o_id\": \"12\", \"amount\": 1.5, \"flag\": \"true\"}");
        assertThat(tree.get("o_id").isTextual() && tree.get("amount").isNumber() && tree.get("flag").isTextual(), is(true));
    }
}
