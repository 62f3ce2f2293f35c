package com.bi.chat;

import java.net.URI;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-chat's OpenAPI document ({@code META-INF/openapi.yaml}, served at
 * {@code /openapi}) lints, names exactly the routes its wiring registers, and real requests — refusals included — are
 * requests and responses it describes. Extend the document and this test with every route the service gains.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new ChatService()).withDatabase()
            .config(NoPeers.CONFIG);
    private final OpenApiContract contract;

    OpenApiContractTest(URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String viewer = bearer("openapi-bi-chat", "VIEWER");
        // a clarification and a refusal need no peer; answers against real peers are ChatApiTest's
        String id = contract.call(Call.post("/api/chat/v1/ask", viewer, """
                {"question":"上周"}"""), 200).json().get("conversation_id").asText();
        contract.call(Call.post("/api/chat/v1/ask", viewer, """
                {"conversation_id":"%s","question":"asdfgh","locale":"en"}""".formatted(id)), 200);
        contract.call(Call.get("/api/chat/v1/conversations/" + id, viewer), 200);
        contract.refused(Call.post("/api/chat/v1/ask", viewer, """
                {"question":""}"""), 400);
        contract.refused(Call.post("/api/chat/v1/ask", viewer, """
                {"question":"GMV","locale":"fr"}"""), 400);
        contract.call(Call.post("/api/chat/v1/ask", viewer, """
                {"conversation_id":"00000000-0000-4000-8000-000000000000","question":"GMV"}"""), 404);
        contract.refused(Call.get("/api/chat/v1/conversations/not-a-uuid", viewer), 400);
        contract.call(Call.get("/api/chat/v1/conversations/" + id, bearer("openapi-other-tenant", "VIEWER")), 404);
        contract.refused(Call.post("/api/chat/v1/ask", null, "{\"question\":\"GMV\"}"), 401);
        contract.refused(Call.get("/api/chat/v1/conversations/" + id, null), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
