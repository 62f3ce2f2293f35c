// The baseline for scripts/bench-basic.sh: a bare Helidon SE server (no kit filters, no JWT, no database)
// answering with a shop-sized JSON body. Run with the bi-basic jar's libs on the classpath:
//   java -cp 'modules/bi-basic/target/libs/*' scripts/bench/BareServer.java 8093
import io.helidon.webserver.WebServer;

public class BareServer {
    public static void main(String[] args) {
        byte[] body = ("{\"id\":1,\"name\":\"Flagship\",\"platform\":\"TMALL\",\"source\":\"JUSHUITAN\",\"external_id\":\"10001\","
                + "\"status\":\"ACTIVE\",\"version\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}")
                .getBytes();
        WebServer.builder()
                .port(Integer.parseInt(args[0]))
                .host("127.0.0.1")
                .routing(r -> r.get("/bare/shops/{id}", (req, res) -> {
                    res.header("Content-Type", "application/json");
                    res.send(body);
                }))
                .build()
                .start();
    }
}
