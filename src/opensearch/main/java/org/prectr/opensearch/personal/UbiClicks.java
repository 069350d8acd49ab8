package org.prectr.opensearch.personal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortOrder;

/**
 * A user's latest clicks from the User Behavior Insights indexes, read with ONE search over the
 * events and the queries index: the user's click events (UBI {@code ubi_events}: {@code client_id},
 * {@code action_name}, {@code query_id}, {@code user_query}, {@code timestamp},
 * {@code event_attributes.object.object_id}) and the user's queries ({@code ubi_queries}:
 * {@code query_id}, {@code user_query}, {@code client_id}, {@code timestamp}), which give the text of
 * an event that carries only its {@code query_id}. Newest first, within {@code max_age}; missing
 * indexes are ignored (an anonymous user, not an error).
 */
public final class UbiClicks {

    /** Events and queries read per click wanted: a click's query document competes for the same page. */
    static final int DOCUMENTS_PER_CLICK = 2;

    private UbiClicks() {}

    /**
     * One click of the user's history.
     *
     * @param query the query text under which the user clicked
     * @param item the clicked item's document id
     * @param timestamp epoch milliseconds
     */
    public record Click(String query, String item, long timestamp) {
    }

    /**
     * @param clicks the clicks kept, oldest first (chronological, as a request's history)
     * @param malformed events skipped because a field was missing or malformed
     */
    public record Result(List<Click> clicks, int malformed) {
    }

    /**
     * @param userId the request's {@code user.id}
     * @param settings the searched index's history settings
     * @param nowMillis now
     * @return the one search of the lookup
     */
    public static SearchRequest request(String userId, HistorySettings settings, long nowMillis) {
        long oldest = nowMillis - settings.maxAge().millis();
        // events and queries are told apart by action_name (queries have none), so aliases work as index names
        BoolQueryBuilder events = QueryBuilders.boolQuery()
            .filter(QueryBuilders.termQuery("client_id", userId))
            .filter(QueryBuilders.termsQuery("action_name", settings.actions()))
            .filter(QueryBuilders.rangeQuery("timestamp").gte(oldest).format("epoch_millis"));
        BoolQueryBuilder queries = QueryBuilders.boolQuery()
            .mustNot(QueryBuilders.existsQuery("action_name"))
            .filter(QueryBuilders.termQuery("client_id", userId))
            .filter(QueryBuilders.rangeQuery("timestamp").gte(oldest).format("epoch_millis"));
        SearchSourceBuilder source = new SearchSourceBuilder()
            .query(QueryBuilders.boolQuery().should(events).should(queries).minimumShouldMatch(1))
            .size(settings.maxEntries() * DOCUMENTS_PER_CLICK)
            .sort("timestamp", SortOrder.DESC)
            .fetchSource(new String[] {"action_name", "query_id", "user_query", "timestamp", "event_attributes.object.object_id"}, null)
            .trackTotalHits(false);
        SearchRequest request = new SearchRequest(settings.eventsIndex(), settings.queriesIndex()).source(source);
        // a missing UBI index is an anonymous user, not an error
        request.indicesOptions(IndicesOptions.lenientExpandOpen());
        return request;
    }

    /**
     * Parses the lookup's hits (newest first) into the latest clicks.
     *
     * @param hits each hit's source, in the search's order
     * @param maxEntries how many clicks to keep
     * @return the clicks, oldest first, and how many events were malformed
     */
    public static Result parse(List<Map<String, Object>> hits, int maxEntries) {
        Map<String, String> queryTexts = new HashMap<>();
        for (Map<String, Object> hit : hits) {
            if (isEvent(hit) == false) {
                String id = text(hit.get("query_id"));
                String query = text(hit.get("user_query"));
                if (id != null && query != null) {
                    queryTexts.putIfAbsent(id, query);
                }
            }
        }
        List<Click> clicks = new ArrayList<>();
        int malformed = 0;
        for (Map<String, Object> hit : hits) {
            if (isEvent(hit) == false) {
                continue;
            }
            Click click = click(hit, queryTexts);
            if (click == null) {
                malformed++;
            } else if (clicks.size() < maxEntries) {
                clicks.add(click);
            }
        }
        Collections.reverse(clicks);
        return new Result(List.copyOf(clicks), malformed);
    }

    private static boolean isEvent(Map<String, Object> source) {
        return source.containsKey("action_name");
    }

    private static Click click(Map<String, Object> event, Map<String, String> queryTexts) {
        String item = text(path(event, "event_attributes", "object", "object_id"));
        String query = text(event.get("user_query"));
        if (query == null) {
            String id = text(event.get("query_id"));
            query = id == null ? null : queryTexts.get(id);
        }
        Long timestamp = millis(event.get("timestamp"));
        if (item == null || query == null || timestamp == null || query.length() > org.prectr.opensearch.rescore.RequestUser.MAX_QUERY_LENGTH) {
            return null;
        }
        return new Click(query, item, timestamp);
    }

    private static Object path(Map<String, Object> source, String... keys) {
        Object value = source;
        for (String key : keys) {
            value = value instanceof Map<?, ?> map ? map.get(key) : null;
        }
        // flattened "a.b.c" keys are valid JSON too
        return value != null ? value : source.get(String.join(".", keys));
    }

    /** A non-blank string or an integral number as text, else null. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? null : s;
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        return null;
    }

    private static Long millis(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    // UBI clients often write local date-times without a zone: read them as UTC
                    return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException noZone) {
                    // fall through to epoch milliseconds
                }
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException notMillis) {
                    return null;
                }
            }
        }
        return null;
    }
}
