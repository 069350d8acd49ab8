package org.prectr.eval.sim;

import org.prectr.eval.search.CatalogIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;
import org.prectr.eval.MiniData;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.trainer.search.Bm25Index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class UbiLogWriterTests {
    @Test
    public void writesQueriesThenImpressionAndClickEventsWithPositions() throws Exception {
        ProductCatalog catalog = MiniData.catalog();
        SimulatedData data;
        try (Bm25Index index = CatalogIndex.build(catalog.products(), List.of("title"))) {
            data = SimulatedData.simulate(SimulationConfig.defaults(9, ClickModel.PBM).withUsers(50), catalog, index,
                    MiniData.train(), null);
        }
        Path file = Files.createTempDirectory("ubi").resolve("log.ndjson");
        UbiLogWriter.write(data.train(), file);
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(file);
        assertEquals(0, lines.size() % 2);
        int sessionNo = -1, impressions = 0, clicks = 0;
        SimSession session = null;
        for (int i = 0; i < lines.size(); i += 2) {
            JsonNode action = mapper.readTree(lines.get(i)).get("index");
            JsonNode doc = mapper.readTree(lines.get(i + 1));
            if (action.get("_index").asText().equals("ubi_queries")) {
                session = data.train().get(++sessionNo);
                assertEquals(session.queryId(), doc.get("query_id").asText());
                assertEquals(session.user().id(), doc.get("client_id").asText());
                assertEquals(session.query(), doc.get("user_query").asText());
                assertEquals(session.shown(), doc.get("query_response_hit_ids").size());
                assertEquals(session.window().get(0).productId(), doc.get("query_response_hit_ids").get(0).asText());
                continue;
            }
            assertEquals("ubi_events", action.get("_index").asText());
            assertEquals(session.queryId(), doc.get("query_id").asText());
            int position = doc.at("/event_attributes/position/ordinal").asInt();
            assertEquals(session.window().get(position).productId(), doc.at("/event_attributes/object/object_id").asText());
            switch (doc.get("action_name").asText()) {
                case "impression" -> impressions++;
                case "click" -> {
                    clicks++;
                    assertTrue(session.clicks()[position]);
                }
                default -> throw new AssertionError(doc);
            }
        }
        assertEquals(data.train().size() - 1, sessionNo);
        assertEquals(data.train().stream().mapToInt(SimSession::shown).sum(), impressions);
        assertEquals(data.train().stream().mapToInt(SimSession::clickCount).sum(), clicks);
        assertTrue(clicks > 0);
    }
}
