package org.prectr.opensearch.personal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.test.OpenSearchTestCase;

/** Parsing a UBI lookup's hits (newest first) into the latest clicks, and the one search it runs. */
public class UbiClicksTests extends OpenSearchTestCase {

    private static Map<String, Object> event(String query, String queryId, Object item, Object timestamp) {
        Map<String, Object> event = new HashMap<>();
        event.put("action_name", "click");
        if (query != null) {
            event.put("user_query", query);
        }
        if (queryId != null) {
            event.put("query_id", queryId);
        }
        if (item != null) {
            event.put("event_attributes", Map.of("object", Map.of("object_id", item)));
        }
        if (timestamp != null) {
            event.put("timestamp", timestamp);
        }
        return event;
    }

    public void testClicksAreKeptNewestFirstThenReturnedOldestFirst() {
        List<Map<String, Object>> hits = List.of(
            event("red shoes", null, "A", "2026-12-07T01:00:03Z"),
            Map.of("query_id", "q2", "user_query", "blue shoes", "timestamp", "2026-12-07T01:00:02Z"),   // a query document
            event(null, "q2", "B", "2026-12-07T01:00:02"),                 // text from the query document; no zone: UTC
            Map.of("action_name", "click", "event_attributes.object.object_id", 7L, "user_query", "flat",
                "timestamp", 1796605201000L),                              // flattened keys, numeric id and epoch millis
            event("too old for max entries", null, "D", "2026-12-07T01:00:00Z"));
        UbiClicks.Result result = UbiClicks.parse(hits, 3);
        assertEquals(0, result.malformed());
        assertEquals(List.of(
            new UbiClicks.Click("flat", "7", 1796605201000L),
            new UbiClicks.Click("blue shoes", "B", java.time.Instant.parse("2026-12-07T01:00:02Z").toEpochMilli()),
            new UbiClicks.Click("red shoes", "A", java.time.Instant.parse("2026-12-07T01:00:03Z").toEpochMilli())), result.clicks());
    }

    public void testMalformedEventsAreSkippedAndCounted() {
        List<Map<String, Object>> hits = List.of(
            event("no item", null, null, "2026-12-07T01:00:03Z"),
            event(null, "unknown-query-id", "A", "2026-12-07T01:00:03Z"),
            event("bad time", null, "A", "yesterday"),
            event("list item", null, List.of("A"), "2026-12-07T01:00:03Z"),
            event("  ", null, "A", "2026-12-07T01:00:03Z"),
            event("q".repeat(1001), null, "A", "2026-12-07T01:00:03Z"),
            event("fine", null, "A", "2026-12-07T01:00:03Z"));
        UbiClicks.Result result = UbiClicks.parse(hits, 50);
        assertEquals(6, result.malformed());
        assertEquals(List.of("fine"), result.clicks().stream().map(UbiClicks.Click::query).toList());
    }

    public void testOneSearchOverBothIndexesThatIgnoresMissingOnes() {
        HistorySettings settings = new HistorySettings(true, "events", "queries", 25, TimeValue.timeValueDays(7), List.of("click"));
        var request = UbiClicks.request("u-1", settings, 1_000_000_000_000L);
        assertArrayEquals(new String[] {"events", "queries"}, request.indices());
        assertTrue(request.indicesOptions().ignoreUnavailable());
        assertTrue(request.indicesOptions().allowNoIndices());
        assertEquals(50, request.source().size());
        String query = request.source().query().toString();
        assertTrue(query, query.contains("\"client_id\"") && query.contains("u-1"));
        assertTrue(query, query.contains(Long.toString(1_000_000_000_000L - 7L * 24 * 3600 * 1000)));
        assertTrue(query, query.contains("action_name"));
    }
}
