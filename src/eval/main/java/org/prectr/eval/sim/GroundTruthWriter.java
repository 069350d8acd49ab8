package org.prectr.eval.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes what the logs hide: {@code users.ndjson} (each simulated user's segment, tolerance,
 * activity, strongest category affinities and liked brands) and {@code ground_truth.ndjson} (per
 * session: the query, the user, and every window candidate with its BM25 score, real grade (-1 =
 * ungraded) and simulated utility). Models must not read these; metrics do.
 */
public final class GroundTruthWriter {
    private GroundTruthWriter() {}

    public static void writeUsers(List<SimUser> users, Path file) throws IOException {
        try (Out o = new Out(file)) {
            for (SimUser u : users) {
                JsonGenerator g = o.g;
                g.writeStartObject();
                g.writeStringField("user_id", u.id());
                g.writeNumberField("segment", u.segment());
                g.writeStringField("tolerance", u.tolerance().label());
                g.writeNumberField("past_sessions", u.pastSessions());
                g.writeStringField("activity", u.activityBucket());
                g.writeObjectFieldStart("category_affinity");
                Map<String, Double> sorted = new TreeMap<>(u.categoryAffinity());
                for (Map.Entry<String, Double> e : sorted.entrySet()) {
                    if (e.getValue() >= 0.05) g.writeNumberField(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0);
                }
                g.writeEndObject();
                g.writeArrayFieldStart("liked_brands");
                for (String b : new java.util.TreeSet<>(u.likedBrands())) g.writeString(b);
                g.writeEndArray();
                g.writeEndObject();
                o.newline();
            }
        }
    }

    public static void writeSessions(List<SimSession> sessions, Path file) throws IOException {
        try (Out o = new Out(file)) {
            for (SimSession s : sessions) {
                JsonGenerator g = o.g;
                g.writeStartObject();
                g.writeStringField("query_id", s.queryId());
                g.writeStringField("phase", s.phase());
                g.writeStringField("user_id", s.user().id());
                g.writeStringField("query", s.query());
                g.writeNumberField("shown", s.shown());
                g.writeArrayFieldStart("window");
                for (int i = 0; i < s.window().size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("id", s.window().get(i).productId());
                    g.writeNumberField("bm25", s.window().get(i).score());
                    g.writeNumberField("grade", s.grades()[i]);
                    g.writeNumberField("utility", Math.round(s.utility()[i] * 1e4) / 1e4);
                    if (i < s.shown()) g.writeBooleanField("clicked", s.clicks()[i]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                o.newline();
            }
        }
    }

    private static final class Out implements AutoCloseable {
        final OutputStream out;
        final JsonGenerator g;

        Out(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newOutputStream(file);
            g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            g.setRootValueSeparator(null);
        }

        void newline() throws IOException {
            g.flush();
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            try (out; g) {
                // closes the generator, then the stream
            }
        }
    }
}
