package org.prectr.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import org.prectr.core.data.BulkFile;
import org.prectr.core.text.QueryText;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives impressions from a User Behavior Insights log: a bulk (or plain) ndjson file of
 * {@code ubi_queries} documents (a search: {@code query_id}, {@code user_query}, {@code client_id},
 * optional {@code user_id}, {@code timestamp} and the ordered {@code query_response_hit_ids}) and
 * {@code ubi_events} documents ({@code action_name}, {@code query_id},
 * {@code event_attributes.object.object_id}, {@code event_attributes.position.ordinal}).
 *
 * <p>A search's result list is its {@code query_response_hit_ids} when present and non-empty (the
 * position is the index), else its {@code impression} events (position from the event). A click
 * event ({@link #CLICK_ACTIONS}) marks that item clicked; a clicked item that was not among the
 * impressions is added at the click's position, as it must have been shown. Events of other kinds
 * (add_to_cart, hover, ...) are ignored. The user is {@code user_id} when non-blank, else
 * {@code client_id} (the shared fixture has only client ids).
 *
 * <p>The documents come from a file ({@link #read(Path)}) or straight from a cluster's
 * {@code ubi_queries} and {@code ubi_events} indexes ({@link UbiClusterSource}); both are parsed here,
 * the same way.
 */
public final class UbiLogReader {

    /** Event names counted as clicks. */
    public static final Set<String> CLICK_ACTIONS = Set.of("click", "item_click");

    private static final DateTimeFormatter OFFSET_NO_COLON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private UbiLogReader() {}

    private record Search(String id, String user, String query, long time, List<String> hits) {}

    private record Event(String searchId, String user, String query, long time, String action, String item, int position) {}

    /**
     * @param file a UBI ndjson file
     * @return the impressions ordered by search time, then search id, then position
     * @throws IOException if the file cannot be read
     */
    public static List<Impression> read(Path file) throws IOException {
        Map<String, Search> searches = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        BulkFile.forEachEntry(file, (action, node, lineNumber) -> {
            String index = action == null ? null : action.path("_index").asText(null);
            boolean isEvent = node.has("action_name") || (index != null && index.contains("event"));
            add(node, isEvent, "line [" + lineNumber + "] of [" + file + "]", searches, events);
        });
        return impressions(searches, events);
    }

    /**
     * Parses documents read from a cluster, exactly as lines of a file.
     *
     * @param queries {@code ubi_queries} documents, each with where it came from (for error messages)
     * @param events {@code ubi_events} documents, likewise
     * @return the impressions ordered by search time, then search id, then position
     */
    public static List<Impression> read(Map<String, JsonNode> queries, Map<String, JsonNode> events) {
        Map<String, Search> searches = new LinkedHashMap<>();
        List<Event> parsedEvents = new ArrayList<>();
        queries.forEach((where, node) -> add(node, false, where, searches, parsedEvents));
        events.forEach((where, node) -> add(node, true, where, searches, parsedEvents));
        return impressions(searches, parsedEvents);
    }

    private static void add(JsonNode node, boolean isEvent, String where, Map<String, Search> searches, List<Event> events) {
        if (isEvent) {
            events.add(event(node, where));
        } else {
            Search s = search(node, where);
            searches.putIfAbsent(s.id(), s);
        }
    }

    private static Search search(JsonNode node, String where) {
        String id = required(node, "query_id", where);
        List<String> hits = new ArrayList<>();
        for (JsonNode h : node.path("query_response_hit_ids")) {
            hits.add(h.asText());
        }
        return new Search(id, user(node), QueryText.normalise(node.path("user_query").asText("")),
            time(node.path("timestamp").asText(""), where), hits);
    }

    private static Event event(JsonNode node, String where) {
        JsonNode attributes = node.path("event_attributes");
        String item = attributes.path("object").path("object_id").asText(null);
        int position = attributes.path("position").path("ordinal").asInt(-1);
        return new Event(node.path("query_id").asText(null), user(node),
            QueryText.normalise(node.path("user_query").asText("")), time(node.path("timestamp").asText(""), where),
            node.path("action_name").asText(""), item, position);
    }

    private static List<Impression> impressions(Map<String, Search> searches, List<Event> events) {
        Map<String, Map<String, int[]>> shown = new LinkedHashMap<>();
        Map<String, Set<String>> clicked = new HashMap<>();
        Map<String, Search> known = new LinkedHashMap<>(searches);
        for (Search s : searches.values()) {
            Map<String, int[]> items = new LinkedHashMap<>();
            for (int i = 0; i < s.hits().size(); i++) {
                items.putIfAbsent(s.hits().get(i), new int[] {i});
            }
            shown.put(s.id(), items);
        }
        for (Event e : events) {
            if (e.searchId() == null || e.item() == null || e.position() < 0) {
                continue;
            }
            // events of a search missing from ubi_queries still describe a search: keep it
            known.putIfAbsent(e.searchId(), new Search(e.searchId(), e.user(), e.query(), e.time(), List.of()));
            Search s = known.get(e.searchId());
            Map<String, int[]> items = shown.computeIfAbsent(e.searchId(), id -> new LinkedHashMap<>());
            boolean fromHitList = !s.hits().isEmpty();
            if (e.action().equals("impression") && !fromHitList) {
                items.putIfAbsent(e.item(), new int[] {e.position()});
            } else if (CLICK_ACTIONS.contains(e.action())) {
                items.putIfAbsent(e.item(), new int[] {e.position()});
                clicked.computeIfAbsent(e.searchId(), id -> new HashSet<>()).add(e.item());
            }
        }
        List<Impression> out = new ArrayList<>();
        for (Search s : known.values()) {
            Set<String> clicks = clicked.getOrDefault(s.id(), Set.of());
            shown.getOrDefault(s.id(), Map.of()).forEach((item, position) ->
                out.add(new Impression(s.user(), s.query(), s.id(), item, position[0], clicks.contains(item), s.time())));
        }
        out.sort(Comparator.comparingLong(Impression::timeMillis).thenComparing(Impression::searchId)
            .thenComparingInt(Impression::position));
        return List.copyOf(out);
    }

    private static String user(JsonNode node) {
        String user = node.path("user_id").asText("");
        return user.isBlank() || node.path("user_id").isNull() ? node.path("client_id").asText("") : user;
    }

    private static String required(JsonNode node, String field, String where) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("[" + field + "] must be set on " + where);
        }
        return value;
    }

    static long time(String text, String where) {
        if (text.isBlank()) {
            return 0L;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, OFFSET_NO_COLON).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("[timestamp] must be an ISO-8601 time on " + where + " but was [" + text + "]");
            }
        }
    }
}
