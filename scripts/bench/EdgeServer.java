// The "edge" side of scripts/bench-basic.sh: the service kit (JWT check, SERVER span, per-route metrics, access log,
// in-flight accounting, problem+json) in front of a trivial endpoint that answers the same bytes as BareServer, so
// the difference between the two is what the kit's edge costs. Run with the bi-basic jar's libs on the classpath and
// the kit's usual environment (BI_JWT_SECRET, SERVER_PORT, BI_GRPC_PORT, BI_TENANT_STATUS_CHECK …):
//   java -cp 'modules/bi-basic/target/libs/*' scripts/bench/EdgeServer.java
import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.server.Wiring;

public class EdgeServer {
    public static void main(String[] args) {
        byte[] body = ("{\"id\":1,\"name\":\"Flagship\",\"platform\":\"TMALL\",\"source\":\"JUSHUITAN\",\"external_id\":\"10001\","
                + "\"status\":\"ACTIVE\",\"version\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}")
                .getBytes();
        ServiceRuntime.run(Service.of("bi-bench-edge", platform -> Wiring.builder(null)
                .http(routing -> routing.get("/api/bench/v1/shops/{id}", (req, res) -> {
                    res.header("Content-Type", "application/json");
                    res.send(body);
                }))
                .build()));
    }
}
