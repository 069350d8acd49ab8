package org.prectr.benchmarks.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.Test;

public class RequestBodiesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> QUERIES = List.of("thin leather strap", "toddler \"water\" bottle", "a", "b", "c",
        "d", "e");

    @Test
    public void bm25BodiesHaveNoRescore() throws Exception {
        JsonNode body = JSON.readTree(new RequestBodies(QUERIES, null, 100, 10).body(1));
        assertEquals("toddler \"water\" bottle", body.path("query").path("match").path("title").asText());
        assertEquals(10, body.path("size").asInt());
        assertFalse(body.has("rescore"));
    }

    @Test
    public void prectrBodiesRotateQueriesAndUsers() throws Exception {
        RequestBodies bodies = new RequestBodies(QUERIES, "esci-v2", 200, 10);
        JsonNode anonymous = JSON.readTree(bodies.body(0)).path("rescore");
        assertEquals(200, anonymous.path("window_size").asInt());
        assertEquals("esci-v2", anonymous.path("prectr").path("model").asText());
        assertEquals("thin leather strap", anonymous.path("prectr").path("query_text").asText());
        assertFalse(anonymous.path("prectr").has("user"));

        JsonNode user = JSON.readTree(bodies.body(9)).path("rescore").path("prectr");
        assertEquals(QUERIES.get(2), user.path("query_text").asText());
        assertEquals("bench-user-1", user.path("user").path("id").asText());
        JsonNode history = user.path("user").path("history");
        assertEquals(RequestBodies.HISTORY, history.size());
        assertEquals(3, history.get(0).path("grade").asInt());
        assertEquals(QUERIES.get((9 + 7) % QUERIES.size()), history.get(0).path("query").asText());
        assertTrue(history.get(0).path("clicked").asBoolean());
    }

    @Test
    public void resultsTableTakesRatiosAgainstBm25() throws Exception {
        String table = ResultsTable.markdown(List.of(
            "{\"variant\":\"bm25\",\"clients\":1,\"window\":0,\"requests\":10,\"errors\":0,\"p50_ms\":4.0,"
                + "\"p99_ms\":8.0,\"qps\":200.0,\"node_cpu_ms_per_request\":3.0}",
            "{\"variant\":\"prectr-w200\",\"clients\":1,\"window\":200,\"requests\":10,\"errors\":0,\"p50_ms\":6.0,"
                + "\"p99_ms\":9.0,\"qps\":150.0,\"node_cpu_ms_per_request\":3.5}"));
        assertTrue(table, table.contains("| 1 | bm25 | - | 10 | 0 | 4.0 | 8.0 | 200.0 | 1.00 | 1.00 | - | 3.00 | - |"));
        assertTrue(table, table.contains("| 1 | prectr-w200 | 200 | 10 | 0 | 6.0 | 9.0 | 150.0 | 0.75 | 1.50 | 10.0 | 3.50 | 2.5 |"));
    }
}
