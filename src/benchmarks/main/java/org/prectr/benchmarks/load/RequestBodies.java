package org.prectr.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the search bodies of a load run: the same BM25 first phase ({@code match} on {@code title},
 * top {@code size}) for every variant, with or without a {@code prectr} rescore over a window, for a
 * deterministic rotation of queries and users. Request i uses query {@code i mod Q} and user
 * {@code i mod 4}: user 0 is anonymous, users 1-3 carry a history of five earlier queries of the
 * query set with clicked items of grades 3, 2 and 1, so personalisation is exercised on the hot path.
 */
public final class RequestBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 4;
    static final int HISTORY = 5;

    private final List<String> queries;
    private final String model;
    private final int window;
    private final int size;

    /**
     * @param queries the query texts, at least one
     * @param model the bundle to rescore with, or null for BM25 alone
     * @param window the rescore window (ignored without a model)
     * @param size hits returned
     */
    public RequestBodies(List<String> queries, String model, int window, int size) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("[queries] must not be empty but was [0] queries");
        }
        this.queries = List.copyOf(queries);
        this.model = model;
        this.window = window;
        this.size = size;
    }

    /** @return the rescore window */
    public int window() {
        return window;
    }

    /**
     * @param i the request number
     * @return the JSON body of request i
     */
    public String body(long i) {
        String text = queries.get((int) (i % queries.size()));
        ObjectNode body = JSON.createObjectNode();
        body.put("size", size);
        body.put("track_total_hits", false);
        body.putObject("query").putObject("match").put("title", text);
        if (model != null) {
            ObjectNode rescore = body.putObject("rescore");
            rescore.put("window_size", window);
            ObjectNode prectr = rescore.putObject("prectr");
            prectr.put("model", model);
            prectr.put("query_text", text);
            int user = (int) (i % USERS);
            if (user > 0) {
                prectr.set("user", user(user, i));
            }
        }
        return body.toString();
    }

    private ObjectNode user(int user, long i) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", "bench-user-" + user);
        node.putObject("features").put("segment", user == 1 ? "new" : "regular").put("age_bucket", user);
        ArrayNode history = node.putArray("history");
        for (int h = 1; h <= HISTORY; h++) {
            ObjectNode entry = history.addObject();
            entry.put("query", queries.get((int) ((i + h * 7L) % queries.size())));
            entry.put("grade", 4 - user);
            entry.put("clicked", true);
        }
        return node;
    }
}
