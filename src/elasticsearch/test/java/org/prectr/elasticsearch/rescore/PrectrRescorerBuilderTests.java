package org.prectr.elasticsearch.rescore;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.XContentType;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.prectr.core.rescore.ScoreMode;

/** The request round-trips through the wire and JSON unchanged, and bad values are 400s naming the field. */
public class PrectrRescorerBuilderTests extends ESTestCase {

    private static PrectrRescorerBuilder full() {
        RequestUser user = new RequestUser("u-17", Map.of("segment", "new", "age_bucket", 4, "score", 0.5, "vip", true),
            List.of(new RequestHistoryEntry("slippers for men", "B07XYZ", 3, true), new RequestHistoryEntry("house shoes", null, null, false)));
        PrectrRescorerBuilder builder = new PrectrRescorerBuilder("esci-v2", "mens slippers", user, ScoreMode.TOTAL, 0.25f, 2f);
        builder.windowSize(50);
        return builder;
    }

    public void testWireRoundTrip() throws IOException {
        for (PrectrRescorerBuilder original : List.of(full(), new PrectrRescorerBuilder(null, "q", null, null, 1f, 1f))) {
            BytesStreamOutput out = new BytesStreamOutput();
            original.writeTo(out);
            StreamInput in = out.bytes().streamInput();
            PrectrRescorerBuilder read = new PrectrRescorerBuilder(in, null);
            assertEquals(original, read);
            assertEquals(original.hashCode(), read.hashCode());
            assertEquals(0, in.available());
        }
    }

    public void testXContentRoundTrip() throws IOException {
        for (PrectrRescorerBuilder original : List.of(full(), new PrectrRescorerBuilder(null, "q", null, null, 1f, 1f))) {
            XContentBuilder json = JsonXContent.contentBuilder();
            original.toXContent(json, ToXContent.EMPTY_PARAMS);
            String text = BytesReference.bytes(json).utf8ToString();
            PrectrRescorerBuilder parsed = parseBody(text);
            if (original.windowSize() != null) {
                parsed.windowSize(original.windowSize());
            }
            assertEquals(text, original, parsed);
        }
    }

    public void testDefaults() throws IOException {
        PrectrRescorerBuilder parsed = parsePrectr("{\"query_text\": \"mens slippers\"}");
        assertNull(parsed.model());
        assertNull(parsed.user());
        assertEquals(ScoreMode.REPLACE, parsed.scoreMode());
        assertEquals(1f, parsed.queryWeight(), 0f);
        assertEquals(1f, parsed.rescoreWeight(), 0f);
    }

    public void testBadValuesNameTheField() {
        assertBad("{\"query_text\": \"  \"}", "[prectr] [query_text] must not be blank but was [  ]");
        assertBad("{}", "[prectr] [query_text] is required");
        assertBad("{\"query_text\": \"q\", \"score_mode\": \"max\"}",
            "[prectr] [score_mode] must be one of [replace, multiply, total] but was [max]");
        assertBad("{\"query_text\": \"q\", \"model\": \"../../etc\"}", "[prectr] [model] must match");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"x\", \"grade\": -1}]}}",
            "[prectr] [user.history[0].grade] must be >= 0 but was [-1]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"features\": {\"f\": [1, 2]}}}",
            "[prectr] [user.features.f] must be a string, a finite number or a boolean but was [[1, 2]]");
    }

    public void testUnknownFieldIsRefused() {
        Exception e = expectThrows(Exception.class, () -> parsePrectr("{\"query_text\": \"q\", \"colour\": \"red\"}"));
        assertTrue(e.getMessage(), e.getMessage().contains("colour"));
    }

    private static void assertBad(String body, String message) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parsePrectr(body));
        assertTrue(e.getMessage(), e.getMessage().startsWith(message));
    }

    /** Parses {@code {"window_size": .., "prectr": {...}}} as RescorerBuilder.parseFromXContent hands it over. */
    private static PrectrRescorerBuilder parseBody(String json) throws IOException {
        try (XContentParser parser = XContentType.JSON.xContent().createParser(XContentParserConfiguration.EMPTY, json)) {
            parser.nextToken();
            while (parser.nextToken() == XContentParser.Token.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(PrectrRescorerBuilder.NAME)) {
                    return PrectrRescorerBuilder.fromXContent(parser, null);
                }
                parser.skipChildren();
            }
            throw new AssertionError("no prectr object in " + json);
        }
    }

    private static PrectrRescorerBuilder parsePrectr(String body) throws IOException {
        try (XContentParser parser = XContentType.JSON.xContent().createParser(XContentParserConfiguration.EMPTY, body)) {
            parser.nextToken();
            return PrectrRescorerBuilder.fromXContent(parser, null);
        }
    }
}
