package org.prectr.eval.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes simulated sessions as a User Behavior Insights bulk file, the shape of ESCI-150's
 * {@code ubi_queries_events.ndjson}: per session one {@code ubi_queries} document (with
 * {@code query_response_hit_ids}, the shown products in order), then one {@code impression} event
 * per shown product and one {@code click} event per click, each with {@code event_attributes.position.ordinal}
 * (0-based) and {@code event_attributes.object.object_id} (the product id, {@code object_id_field: asin}).
 * Every line is simulated; the application name {@value #APPLICATION} says so.
 */
public final class UbiLogWriter {
    /** The UBI {@code application} of simulated logs. */
    public static final String APPLICATION = "prectr-sim";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private UbiLogWriter() {}

    public static void write(List<SimSession> sessions, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JsonFactory factory = new JsonFactory();
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            long eventNo = 0;
            for (SimSession s : sessions) {
                action(g, out, "ubi_queries", s.queryId());
                g.writeStartObject();
                g.writeStringField("application", APPLICATION);
                g.writeStringField("query_id", s.queryId());
                g.writeStringField("client_id", s.user().id());
                g.writeStringField("user_query", s.query());
                g.writeObjectFieldStart("query_attributes");
                g.writeStringField("simulated", "true");
                g.writeEndObject();
                g.writeStringField("query_response_id", s.queryId());
                g.writeArrayFieldStart("query_response_hit_ids");
                for (int i = 0; i < s.shown(); i++) g.writeString(s.window().get(i).productId());
                g.writeEndArray();
                g.writeStringField("timestamp", TIME.format(s.timestamp()));
                g.writeEndObject();
                newline(g, out);
                for (int i = 0; i < s.shown(); i++) {
                    event(g, out, s, "impression", i, s.timestamp(), eventNo++);
                }
                int clickNo = 0;
                for (int i = 0; i < s.shown(); i++) {
                    if (s.clicks()[i]) {
                        // clicks follow the impressions by a few seconds each, in position order
                        event(g, out, s, "click", i, s.timestamp().plusSeconds(3L * ++clickNo), eventNo++);
                    }
                }
            }
        }
    }

    private static void event(JsonGenerator g, OutputStream out, SimSession s, String action, int position,
                              Instant at, long eventNo) throws IOException {
        action(g, out, "ubi_events", s.sessionId() + "-" + eventNo);
        g.writeStartObject();
        g.writeStringField("application", APPLICATION);
        g.writeStringField("action_name", action);
        g.writeStringField("query_id", s.queryId());
        g.writeStringField("session_id", s.sessionId());
        g.writeStringField("client_id", s.user().id());
        g.writeStringField("timestamp", TIME.format(at));
        g.writeStringField("user_query", s.query());
        g.writeNullField("message_type");
        g.writeNullField("message");
        g.writeObjectFieldStart("event_attributes");
        g.writeObjectFieldStart("object");
        g.writeStringField("object_id", s.window().get(position).productId());
        g.writeStringField("object_id_field", "asin");
        g.writeEndObject();
        g.writeObjectFieldStart("position");
        g.writeNumberField("ordinal", position);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        newline(g, out);
    }

    private static void action(JsonGenerator g, OutputStream out, String index, String id) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("index");
        g.writeStringField("_index", index);
        g.writeStringField("_id", id);
        g.writeEndObject();
        g.writeEndObject();
        newline(g, out);
    }

    private static void newline(JsonGenerator g, OutputStream out) throws IOException {
        g.flush();
        out.write('\n');
    }
}
