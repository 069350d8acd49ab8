package org.prectr.opensearch.rescore;

import org.prectr.core.rescore.ScoreMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchModule;
import org.opensearch.search.rescore.RescorerBuilder;
import org.opensearch.test.AbstractWireSerializingTestCase;
import org.prectr.opensearch.PrectrPlugin;

/**
 * The request's wire and XContent forms round-trip to an equal request on random instances, and every
 * malformed request is refused with a message naming the field and bracketing the value.
 */
public class PrectrRescorerBuilderTests extends AbstractWireSerializingTestCase<PrectrRescorerBuilder> {

    private NamedXContentRegistry registry;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        Path home = createTempDir();
        PrectrPlugin plugin = new PrectrPlugin(Settings.builder().put("path.home", home).build(), home.resolve("config"));
        registry = new NamedXContentRegistry(new SearchModule(Settings.EMPTY, List.of(plugin)).getNamedXContents());
    }

    @Override
    protected NamedXContentRegistry xContentRegistry() {
        return registry;
    }

    @Override
    protected PrectrRescorerBuilder createTestInstance() {
        PrectrRescorerBuilder builder = new PrectrRescorerBuilder(randomBoolean() ? null : randomModel(),
            randomAlphaOfLengthBetween(1, 40), randomBoolean() ? null : randomUser(), randomFrom(ScoreMode.values()),
            randomFloat() * 10, randomFloat() * 10);
        if (randomBoolean()) {
            builder.windowSize(randomIntBetween(1, 1000));
        }
        return randomBoolean() ? builder : builder.withPrepared(randomPrepared());
    }

    /** What the coordinating node ships to the shards, or the marker that the shards prepare. */
    static PreparedRequest randomPrepared() {
        if (rarely()) {
            return PreparedRequest.onShardsMarker();
        }
        int dim = randomIntBetween(1, 8);
        int k = randomIntBetween(2, 5);
        float[] query = new float[dim];
        for (int i = 0; i < dim; i++) {
            query[i] = randomFloat();
        }
        float[] user = new float[k];
        float[] cate = new float[k];
        user[randomIntBetween(0, k - 1)] = 1;
        cate[randomIntBetween(0, k - 1)] = randomFloat();
        return new PreparedRequest(randomModel(), randomAlphaOfLength(6), query, randomIntBetween(0, 50), randomDouble(), randomDouble(),
            user, cate, randomDouble(), randomBoolean() ? null : randomAlphaOfLength(5), randomDouble(),
            new PreparedRequest.HistoryOrigin(randomFrom(PreparedRequest.Source.values()), randomIntBetween(0, 100), randomIntBetween(0, 100)),
            randomBoolean() ? Map.of() : Map.of("brand", java.util.Set.of(randomAlphaOfLength(4), randomAlphaOfLength(5))));
    }

    private static String randomModel() {
        return randomAlphaOfLength(1).toLowerCase(java.util.Locale.ROOT) + randomFrom("", "-v2", ".1", "_x");
    }

    private static RequestUser randomUser() {
        Map<String, Object> features = new HashMap<>();
        int count = randomIntBetween(0, 4);
        for (int i = 0; i < count; i++) {
            features.put(randomAlphaOfLength(3) + i, randomFrom(List.<Object>of(randomAlphaOfLength(4), randomLong(), randomDouble(), randomBoolean())));
        }
        List<RequestHistoryEntry> history = new ArrayList<>();
        int entries = randomIntBetween(0, 4);
        for (int i = 0; i < entries; i++) {
            history.add(new RequestHistoryEntry(randomAlphaOfLengthBetween(1, 20), randomBoolean() ? null : randomAlphaOfLength(10),
                randomBoolean() ? null : randomIntBetween(0, 3), randomBoolean()));
        }
        return new RequestUser(randomBoolean() ? null : randomAlphaOfLength(8), features, history);
    }

    @Override
    protected Writeable.Reader<PrectrRescorerBuilder> instanceReader() {
        return in -> new PrectrRescorerBuilder(in, null);
    }

    @Override
    protected PrectrRescorerBuilder mutateInstance(PrectrRescorerBuilder in) {
        String model = in.model();
        String queryText = in.queryText();
        RequestUser user = in.user();
        ScoreMode mode = in.scoreMode();
        float queryWeight = in.queryWeight();
        float rescoreWeight = in.rescoreWeight();
        Integer window = in.windowSize();
        PreparedRequest prepared = in.prepared();
        switch (between(0, 7)) {
            case 0 -> model = randomValueOtherThan(model, () -> randomBoolean() ? null : randomModel());
            case 1 -> queryText = queryText + "x";
            case 2 -> user = randomValueOtherThan(user, () -> randomBoolean() ? null : randomUser());
            case 3 -> mode = randomValueOtherThan(mode, () -> randomFrom(ScoreMode.values()));
            case 4 -> queryWeight = queryWeight + 1;
            case 5 -> rescoreWeight = rescoreWeight + 1;
            case 6 -> prepared = randomValueOtherThan(prepared, () -> randomBoolean() ? null : randomPrepared());
            default -> window = randomValueOtherThan(window, () -> randomBoolean() ? null : randomIntBetween(1, 1000));
        }
        PrectrRescorerBuilder mutated = new PrectrRescorerBuilder(model, queryText, user, mode, queryWeight, rescoreWeight);
        if (window != null) {
            mutated.windowSize(window);
        }
        return mutated.withPrepared(prepared);
    }

    public void testXContentRoundTrip() throws IOException {
        for (int run = 0; run < 50; run++) {
            // the coordinating node's result travels on the wire only, never in the JSON
            PrectrRescorerBuilder original = createTestInstance().withPrepared(null);
            XContentType type = randomFrom(XContentType.values());
            XContentBuilder builder = XContentBuilder.builder(type.xContent());
            if (randomBoolean()) {
                builder.prettyPrint();
            }
            original.toXContent(builder, ToXContent.EMPTY_PARAMS);
            XContentBuilder shuffled = shuffleXContent(builder);
            try (XContentParser parser = createParser(shuffled)) {
                parser.nextToken();
                RescorerBuilder<?> parsed = RescorerBuilder.parseFromXContent(parser);
                assertNotSame(original, parsed);
                assertEquals(original, parsed);
                assertEquals(original.hashCode(), parsed.hashCode());
            }
        }
    }

    public void testDefaults() throws IOException {
        PrectrRescorerBuilder parsed = parse("{\"query_text\": \"mens slippers\"}");
        assertNull(parsed.model());
        assertNull(parsed.user());
        assertEquals(ScoreMode.REPLACE, parsed.scoreMode());
        assertEquals(1f, parsed.queryWeight(), 0f);
        assertEquals(1f, parsed.rescoreWeight(), 0f);
        assertFalse(parsed.isBound());
    }

    public void testParsesTheDocumentedExample() throws IOException {
        PrectrRescorerBuilder parsed = parse("""
            {"model": "esci-v2", "query_text": "red running shoes",
             "user": {"id": "u-17", "features": {"segment": "new", "age_bucket": 3},
                      "history": [{"query": "trail shoes", "item": "B07XYZ", "grade": 3, "clicked": true},
                                  {"query": "shoes"}]},
             "score_mode": "total", "query_weight": 0.5, "rescore_weight": 2}""");
        assertEquals("esci-v2", parsed.model());
        assertEquals("u-17", parsed.user().id());
        assertEquals(Map.of("segment", "new", "age_bucket", 3L), parsed.user().features());
        assertEquals(new RequestHistoryEntry("trail shoes", "B07XYZ", 3, true), parsed.user().history().get(0));
        assertEquals(new RequestHistoryEntry("shoes", null, null, true), parsed.user().history().get(1));
        assertEquals(ScoreMode.TOTAL, parsed.scoreMode());
        assertEquals(0.5f, parsed.queryWeight(), 0f);
        assertEquals(2f, parsed.rescoreWeight(), 0f);
    }

    public void testMalformedRequestsNameTheFieldAndValue() {
        String longText = "a".repeat(1001);
        assertBad("{}", "[prectr] [query_text] is required");
        assertBad("{\"query_text\": \"  \"}", "[prectr] [query_text] must not be blank but was [  ]");
        assertBad("{\"query_text\": \"" + longText + "\"}", "[prectr] [query_text] must have at most [1000] characters but had [1001]");
        assertBad("{\"query_text\": \"q\", \"model\": \"../etc\"}",
            "[prectr] [model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [../etc]");
        assertBad("{\"query_text\": \"q\", \"score_mode\": \"max\"}",
            "[prectr] [score_mode] must be one of [replace, multiply, total] but was [max]");
        assertBad("{\"query_text\": \"q\", \"query_weight\": 1e39}", "[prectr] [query_weight] must be finite but was [Infinity]");
        assertBad("{\"query_text\": \"q\", \"rescore_weight\": \"NaN\"}", "[prectr] [rescore_weight] must be finite but was [NaN]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"id\": \"" + "u".repeat(257) + "\"}}",
            "[prectr] [user.id] must have at most [256] characters but had [257]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"features\": {\"a\": {\"b\": 1}}}}",
            "[prectr] [user.features.a] must be a string, a finite number or a boolean but was [{b=1}]");
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            features.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": 1");
        }
        assertBad("{\"query_text\": \"q\", \"user\": {\"features\": {" + features + "}}}",
            "[prectr] [user.features] must have at most [64] entries but had [65]");
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            history.append(i == 0 ? "" : ",").append("{\"query\": \"q").append(i).append("\"}");
        }
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [" + history + "]}}",
            "[prectr] [user.history] must have at most [100] entries but had [101]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"a\"}, {\"item\": \"B0\"}]}}",
            "[prectr] [user.history[1].query] is required");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \" \"}]}}",
            "[prectr] [user.history[0].query] must not be blank but was [ ]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"" + longText + "\"}]}}",
            "[prectr] [user.history[0].query] must have at most [1000] characters but had [1001]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"a\", \"grade\": -1}]}}",
            "[prectr] [user.history[0].grade] must be >= 0 but was [-1]");
        // issue 15: lengths in code points, blank = nothing visible, integers not truncated, feature values bounded
        String emoji = "\uD83D\uDE00";
        assertEquals(emoji.repeat(1000), parseQuietly("{\"query_text\": \"" + emoji.repeat(1000) + "\"}").queryText());
        assertBad("{\"query_text\": \"" + emoji.repeat(1001) + "\"}",
            "[prectr] [query_text] must have at most [1000] characters but had [1001]");
        assertBad("{\"query_text\": \"\\u00a0\\u0001\\u200b\"}", "[prectr] [query_text] must not be blank but was [\u00A0\u0001\u200B]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"\\u00a0\"}]}}",
            "[prectr] [user.history[0].query] must not be blank but was [\u00A0]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"a\", \"grade\": 3.5}]}}",
            "[1:66] [prectr] failed to parse field [user]", "[prectr] [user.history.grade] must be an integer but was [3.5]");
        assertEquals(Integer.valueOf(3), parseQuietly("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"a\", \"grade\": 3.0}]}}")
            .user().history().get(0).grade());
        assertBad("{\"query_text\": \"q\", \"user\": {\"features\": {\"segment\": \"" + "s".repeat(257) + "\"}}}",
            "[prectr] [user.features.segment] must have at most [256] characters but had [257]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"features\": {\"" + "k".repeat(257) + "\": 1}}}",
            "[prectr] [user.features] key must have at most [256] characters but had [257]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"id\": \"" + emoji.repeat(257) + "\"}}",
            "[prectr] [user.id] must have at most [256] characters but had [257]");
        assertBad("{\"query_text\": \"q\", \"bad_field\": 1}", "[1:21] [prectr] unknown field [bad_field]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"name\": \"x\"}}", "[1:38] [prectr] failed to parse field [user]",
            "[1:30] [user] unknown field [name]");
        assertBad("{\"query_text\": \"q\", \"query_weight\": \"heavy\"}", "[1:37] [prectr] failed to parse field [query_weight]");
        assertBad("{\"query_text\": \"q\", \"user\": {\"history\": [{\"query\": \"a\", \"clicked\": \"maybe\"}]}}",
            "[1:68] [prectr] failed to parse field [user]", "[1:68] [history] failed to parse field [clicked]");
    }

    private PrectrRescorerBuilder parseQuietly(String json) {
        try {
            return parse(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertBad(String json, String expected) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parse(json));
        assertEquals(expected, e.getMessage());
    }

    /** A nested object's error is wrapped by the parser of the enclosing object; the cause names the inner field. */
    private void assertBad(String json, String expected, String innermost) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parse(json));
        assertEquals(expected, e.getMessage());
        Throwable inner = e;
        while (inner.getCause() != null && inner.getCause().getMessage() != null && inner.getCause().getMessage().startsWith("[")) {
            inner = inner.getCause();
        }
        assertEquals(innermost, inner.getMessage());
    }

    private PrectrRescorerBuilder parse(String json) throws IOException {
        try (XContentParser parser = createParser(XContentType.JSON.xContent(), BytesReference.fromByteBuffer(
            java.nio.ByteBuffer.wrap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))) {
            parser.nextToken();
            return PrectrRescorerBuilder.fromXContent(parser, null);
        }
    }
}
