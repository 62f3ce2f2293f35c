package com.bi.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import com.bi.common.json.Json;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The kit's strict JSON reading ({@code Json.parse}) into the services' request records, then the record's own
 * validation and, where a use case turns the record into a domain value first (metric queries, tenant changes),
 * that step too. Input: byte 0 picks the record type, the rest is the request body.
 */
class RequestBodyFuzzTest {
    /** The request records the services read with {@code Json.read} (by name: a renamed record fails loudly here). */
    static final List<String> RECORDS = List.of(
            "com.bi.basic.domain.ShopDraft",
            "com.bi.basic.domain.ProductDraft",
            "com.bi.basic.domain.CategoryDraft",
            "com.bi.basic.domain.DictionaryDraft",
            "com.bi.sys.domain.Requests$Login",
            "com.bi.sys.domain.Requests$Refresh",
            "com.bi.sys.domain.Requests$NewUser",
            "com.bi.sys.domain.Requests$UserChanges",
            "com.bi.sys.domain.Requests$PasswordChange",
            "com.bi.sys.domain.Requests$PasswordReset",
            "com.bi.sys.domain.Requests$NewApiKey",
            "com.bi.tenant.domain.TenantDraft",
            "com.bi.tenant.domain.TenantChanges",
            "com.bi.analysis.domain.MetricQuery$Input",
            "com.bi.analysis.api.AnalysisRoutes$ZoneBody",
            "com.bi.leke.api.LekeRoutes$SecretBody",
            "com.bi.jushuitan.domain.ShopStore$Draft",
            "com.bi.jushuitan.domain.ShopStore$Secrets");
    private static final Class<?>[] TYPES = RECORDS.stream().map(RequestBodyFuzzTest::load).toArray(Class<?>[]::new);

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("request record " + name + " no longer exists: update RequestBodyFuzzTest.RECORDS", e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void requestRecords(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        Class<?> type = TYPES[Math.floorMod(input[0], TYPES.length)];
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Object value;
        try {
            value = Json.parse(body, type);
        } catch (RuntimeException e) {
            Refusals.requireClientError(e);
            return;
        }
        if (value == null) {
            throw new AssertionError("Json.parse returned null for " + type.getSimpleName());
        }
        try {
            domainStep(value);
        } catch (RuntimeException e) {
            Refusals.requireClientError(e);
        }
    }

    /** The step a use case applies right after reading: MetricQuery.of(input), TenantChanges.validated(code). */
    private static void domainStep(Object value) throws Exception {
        String name = value.getClass().getName();
        try {
            if (name.equals("com.bi.analysis.domain.MetricQuery$Input")) {
                Method of = Class.forName("com.bi.analysis.domain.MetricQuery").getMethod("of", value.getClass());
                of.invoke(null, value);
            } else if (name.equals("com.bi.tenant.domain.TenantChanges")) {
                value.getClass().getMethod("validated", String.class).invoke(value, "fuzz-tenant");
            } else if (name.equals("com.bi.analysis.api.AnalysisRoutes$ZoneBody")) {
                Object zone = value.getClass().getMethod("timeZone").invoke(value);
                Class.forName("com.bi.analysis.data.TenantSettings").getMethod("parseZone", String.class).invoke(null, zone);
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("unexpected " + e.getCause(), e.getCause());
        }
    }
}
