package org.prectr.trainer.data;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.prectr.core.data.Judgments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * The UBI reader on real-format input (an excerpt of the shared UBI fixture) and the preference miner.
 * Judgments and bulk files are read by the core ({@code org.prectr.core.data}); their tests live there.
 */
public class ReaderTests {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void testUbiImpressionsAndClicksFromEventsAndHitLists() throws Exception {
        Path excerpt = Path.of(ReaderTests.class.getResource("/ubi_fixture_excerpt.ndjson").toURI());
        List<Impression> impressions = UbiLogReader.read(excerpt);
        List<Impression> ps4 = impressions.stream().filter(i -> i.query().equals("ps4")).toList();
        // five impression events; the click on B08GPZW3FB at ordinal 2; add_to_cart is not a click
        assertEquals(5, ps4.size());
        assertEquals(List.of(0, 1, 2, 3, 4), ps4.stream().map(Impression::position).toList());
        assertEquals(List.of(false, false, true, false, false), ps4.stream().map(Impression::clicked).toList());
        assertEquals("B08GPZW3FB", ps4.get(2).item());
        // user_id is blank in the fixture: the client id is the user
        assertEquals("a9277f41-1df3-46af-9f4d-5d27a59f6223", ps4.get(0).user());
        // a Chorus search with only query_response_hit_ids: one impression per hit, none clicked
        List<Impression> printer = impressions.stream().filter(i -> i.query().equals("printer")).toList();
        assertTrue(printer.size() > 5);
        assertEquals("B01FLK0WBA", printer.get(0).item());
        assertFalse(printer.stream().anyMatch(Impression::clicked));
        // chronological: the 2024 search comes before the 2025 one
        assertTrue(impressions.indexOf(ps4.get(0)) < impressions.indexOf(printer.get(0)));
    }

    @Test
    public void testUbiClickOutsideTheListIsAddedAtItsPosition() throws Exception {
        Path log = tmp.getRoot().toPath().resolve("log.ndjson");
        Files.writeString(log, String.join("\n",
            "{\"query_id\":\"q1\",\"client_id\":\"c1\",\"user_query\":\"Red  Shoe\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"query_response_hit_ids\":[\"a\",\"b\"]}",
            "{\"action_name\":\"click\",\"query_id\":\"q1\",\"client_id\":\"c1\",\"user_id\":\"u9\",\"user_query\":\"red shoe\","
                + "\"timestamp\":\"2026-01-01T00:00:05Z\",\"event_attributes\":{\"object\":{\"object_id\":\"z\"},\"position\":{\"ordinal\":7}}}",
            ""));
        List<Impression> impressions = UbiLogReader.read(log);
        assertEquals(3, impressions.size());
        assertEquals("red shoe", impressions.get(0).query());
        assertEquals(new Impression("c1", "red shoe", "q1", "z", 7, true, 1767225600000L), impressions.get(2));
    }

    @Test
    public void testUbiBadTimestampIsNamed() throws Exception {
        Path log = tmp.getRoot().toPath().resolve("bad.ndjson");
        Files.writeString(log, "{\"query_id\":\"q1\",\"user_query\":\"x\",\"timestamp\":\"yesterday\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UbiLogReader.read(log));
        assertEquals("[timestamp] must be an ISO-8601 time on line [1] of [" + log + "] but was [yesterday]", e.getMessage());
    }

    @Test
    public void testQueryPreferencesShareClicksByGrade() {
        Judgments j = new Judgments(Map.of("q", Map.of("a", 3, "b", 2, "c", 0)));
        List<Impression> log = List.of(
            new Impression("u1", "q", "s1", "a", 0, true, 1), new Impression("u1", "q", "s1", "b", 1, true, 1),
            new Impression("u2", "q", "s2", "a", 0, true, 2), new Impression("u2", "q", "s2", "c", 1, false, 2),
            new Impression("u3", "q", "s3", "x", 0, true, 3));
        var entries = QueryPreferenceMiner.mine(log, j, 4, 2);
        assertEquals(1, entries.size());
        assertEquals(3, entries.get(0).clicks());
        assertEquals(2 / 3f, entries.get(0).histogram()[3], 1e-6);
        assertEquals(1 / 3f, entries.get(0).histogram()[2], 1e-6);
        assertTrue(QueryPreferenceMiner.mine(log, j, 4, 4).isEmpty());
    }
}
