package org.prectr.opensearch.models;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.rest.RestRequest;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.rest.FakeRestRequest;
import org.prectr.core.bundle.BundleNames;
import org.prectr.opensearch.rescore.PrectrRescorerBuilder;
import org.prectr.opensearch.rescore.RequestHistoryEntry;
import org.prectr.opensearch.rescore.RequestUser;
import org.prectr.core.rescore.ScoreMode;

/**
 * The bad-input matrix of docs/reliability.md on a 2-node cluster with real ONNX Runtime: uploads,
 * searches, settings and REST bodies. Each case gets a 4xx whose message names the problem; after every
 * refused upload the store holds exactly what the catalog names (nothing half-written) and the good
 * bundle still serves with the same scores.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, supportsDedicatedMasters = false,
    numClientNodes = 0)
public class ModelStoreBadInputTests extends ModelStoreTestCase {

    /** One refused upload. */
    private record Upload(String label, String name, byte[] zip, RestStatus status, String message, boolean prefixOnly) {
    }

    public void testBadUploadsAreRefusedAndTheStoreStaysClean() throws Exception {
        indexProducts(0);
        Path dir = TestBundles.standard(createTempDir(), "bad");
        Map<String, byte[]> good = TestBundles.files(dir);
        byte[] goodZip = TestBundles.zip(dir);
        assertEquals("created", put(client(), "good", TestBundles.zip(TestBundles.standard(createTempDir(), "good"))).result());
        List<String> baseline = hits(search(client(), "good"));

        List<Upload> cases = new ArrayList<>();
        String pattern = BundleNames.PATTERN.pattern();
        for (String name : List.of("a/b", "..", "Shop", "x\\y", "../etc")) {
            cases.add(new Upload("name " + name, name, goodZip, RestStatus.BAD_REQUEST,
                "[name] must match [" + pattern + "] without [..] but was [" + name + "]", false));
        }
        cases.add(new Upload("not a zip", "bad", "this is not a zip".getBytes(StandardCharsets.UTF_8), RestStatus.BAD_REQUEST,
            "[bundle] [bad] must be a zip archive holding [manifest.json] but held no files", false));
        cases.add(new Upload("empty zip", "bad", TestBundles.zip(Map.of()), RestStatus.BAD_REQUEST,
            "[bundle] [bad] must be a zip archive holding [manifest.json] but held no files", false));
        cases.add(new Upload("truncated zip", "bad", java.util.Arrays.copyOf(goodZip, goodZip.length / 2), RestStatus.BAD_REQUEST,
            "[bundle] [bad] is not a readable zip archive: ", true));
        cases.add(new Upload("zip slip", "bad", TestBundles.zip(with(good, "../evil.txt", new byte[] {1})), RestStatus.BAD_REQUEST,
            "[bundle] [bad] entry [../evil.txt] must be a relative path without [..], [\\] or [:]", false));
        cases.add(new Upload("absolute entry", "bad", TestBundles.zip(with(good, "/etc/evil", new byte[] {1})),
            RestStatus.BAD_REQUEST, "[bundle] [bad] entry [/etc/evil] must be a relative path without [..], [\\] or [:]", false));
        Map<String, byte[]> nested = new LinkedHashMap<>();
        good.forEach((file, bytes) -> nested.put("bad/" + file, bytes));
        nested.put("bad/sub/extra.txt", new byte[] {1});
        cases.add(new Upload("sub-folder", "bad", TestBundles.zip(nested), RestStatus.BAD_REQUEST,
            "[bundle] [bad] entry [bad/sub/extra.txt] is in a sub-folder; a bundle's files sit at the zip's root or in one top folder",
            false));
        cases.add(new Upload("missing manifest", "bad", TestBundles.zip(without(good, "manifest.json")), RestStatus.BAD_REQUEST,
            "[bundle] [bad] is invalid: [manifest.json] (file): expected [a manifest] but found [no such file]", false));
        cases.add(new Upload("manifest not JSON", "bad", TestBundles.zip(with(good, "manifest.json", "{not json".getBytes(
            StandardCharsets.UTF_8))), RestStatus.BAD_REQUEST, "[bundle] [bad] is invalid: [manifest.json] ", true));
        cases.add(new Upload("manifest names another bundle", "bad", TestBundles.zip(TestBundles.standard(createTempDir(), "other")),
            RestStatus.BAD_REQUEST, "[bundle] [bad] is invalid: [manifest.json] name: expected [the folder name bad] but found [other]",
            false));
        cases.add(new Upload("missing graph", "bad", TestBundles.zip(without(good, "scorer.onnx")), RestStatus.BAD_REQUEST,
            "[bundle] [bad] is invalid: [scorer.onnx] (file): expected [the scorer graph] but found [no such file]", false));
        cases.add(new Upload("corrupt graph", "bad", TestBundles.zip(with(good, "scorer.onnx", "not a protobuf".getBytes(
            StandardCharsets.UTF_8))), RestStatus.BAD_REQUEST,
            "[bundle] [bad] is invalid: [scorer.onnx] expected [a graph ONNX Runtime loads] but found [Error code - ORT_INVALID_PROTOBUF",
            true));
        cases.add(new Upload("ONNX input names not in the manifest", "bad", TestBundles.zip(with(good, "scorer.onnx",
            TestBundles.scorer("feats", 24, false))), RestStatus.BAD_REQUEST, "[bundle] [bad] is invalid: [scorer.onnx] inputs: expected "
            + "[query_embedding, item_embedding, features] but found [query_embedding, item_embedding, feats]", false));
        cases.add(new Upload("ONNX input shape not the manifest's", "bad", TestBundles.zip(with(good, "scorer.onnx",
            TestBundles.scorer("features", 23, false))), RestStatus.BAD_REQUEST,
            "[bundle] [bad] is invalid: [scorer.onnx] input [features]: expected shape [-1, 24] but found [-1, 23]", false));
        byte[] vocab = good.get("vocab.txt");
        byte[] otherVocab = (new String(vocab, StandardCharsets.UTF_8) + "extra\n").getBytes(StandardCharsets.UTF_8);
        cases.add(new Upload("vocabulary hash mismatch", "bad", TestBundles.zip(with(good, "vocab.txt", otherVocab)),
            RestStatus.BAD_REQUEST, "[bundle] [bad] is invalid: [vocab.txt] sha256: expected [" + BundleArchive.sha256(vocab)
            + "] but found [" + BundleArchive.sha256(otherVocab) + "]", false));
        Map<String, byte[]> goodNamed = TestBundles.files(TestBundles.standard(createTempDir(), "good"));
        cases.add(new Upload("bad replacement of a served bundle", "good", TestBundles.zip(without(goodNamed, "scorer.onnx")),
            RestStatus.BAD_REQUEST, "[bundle] [good] is invalid: [scorer.onnx] (file): expected [the scorer graph] but found [no such file]",
            false));

        for (Upload upload : cases) {
            Exception e = expectThrows(Exception.class, upload.label(), () -> put(client(), upload.name(), upload.zip()));
            String message = message(e, upload.status());
            if (upload.prefixOnly()) {
                assertTrue(upload.label() + ": " + message, message.startsWith(upload.message()));
            } else {
                assertEquals(upload.label(), upload.message(), message);
            }
            assertStoreMatchesCatalog();
            assertEquals(List.of("good"), List.copyOf(catalog().models().keySet()));
            assertEquals(1, catalog().get("good").version());
        }
        assertEquals("the node keeps serving the good bundle", baseline, hits(search(client(), "good")));

        // size limits: a 413 over prectr.models.max_upload_size, a 400 for a zip that unpacks past 4 x the limit
        setMaxUpload("1mb");
        try {
            String message = message(expectThrows(Exception.class, () -> put(client(), "bad", goodZip)),
                RestStatus.REQUEST_ENTITY_TOO_LARGE);
            assertEquals("[bundle] must be at most [1mb] ([prectr.models.max_upload_size]) but was ["
                + new org.opensearch.core.common.unit.ByteSizeValue(goodZip.length) + "]", message);
            byte[] bomb = TestBundles.zip(Map.of("padding.bin", new byte[5 * 1024 * 1024]));
            assertTrue(bomb.length < 1024 * 1024);
            assertEquals("[bundle] [bad] unpacks to more than [4194304] bytes (4 x [prectr.models.max_upload_size])",
                message(expectThrows(Exception.class, () -> put(client(), "bad", bomb)), RestStatus.BAD_REQUEST));
            assertStoreMatchesCatalog();
        } finally {
            setMaxUpload(null);
        }

        // a folder-wrapped zip is accepted (zip -r name.zip name/)
        Map<String, byte[]> wrapped = new LinkedHashMap<>();
        TestBundles.files(TestBundles.standard(createTempDir(), "wrapped")).forEach((file, bytes) -> wrapped.put("wrapped/" + file, bytes));
        assertEquals("created", put(client(), "wrapped", TestBundles.zip(wrapped)).result());
        assertEquals(baseline, hits(search(client(), "wrapped")));

        // a model producing NaN loads (values are invisible at load time); a search does not fail: every
        // hit whose outputs are not finite keeps its first-phase order (here all of them), and is counted
        Map<String, byte[]> nan = TestBundles.files(TestBundles.standard(createTempDir(), "nan-model"));
        nan.put("scorer.onnx", TestBundles.scorer("features", 24, true));
        assertEquals("created", put(client(), "nan-model", TestBundles.zip(nan)).result());
        long unscoredBefore = unscoredHits();
        SearchResponse firstPhase = client().prepareSearch(INDEX).setSearchType(org.opensearch.action.search.SearchType.QUERY_THEN_FETCH)
            .setQuery(org.opensearch.index.query.QueryBuilders.matchQuery("title", FIRST_PHASE)).setSize(10).get();
        SearchResponse unscored = search(client(), "nan-model");
        assertEquals(0, unscored.getFailedShards());
        assertEquals(ids(firstPhase), ids(unscored));
        assertTrue(unscoredHits() - unscoredBefore >= 10); // every hit of every shard's window

        // a failure of the model itself (an output of the wrong size) is not the client's: a 500, counted as a model error
        Map<String, byte[]> doubled = TestBundles.files(TestBundles.standard(createTempDir(), "doubled-score"));
        doubled.put("scorer.onnx", TestBundles.scorer("features", 24, false, true));
        assertEquals("created", put(client(), "doubled-score", TestBundles.zip(doubled)).result());
        long modelErrors = modelErrors();
        String failure = searchFailure(() -> search(client(), "doubled-score"), RestStatus.INTERNAL_SERVER_ERROR);
        assertTrue(failure, failure.startsWith("[prectr] model bundle [doubled-score] failed: [scorer.onnx] output [score]: expected ["));
        assertTrue(modelErrors() > modelErrors);
        assertEquals(baseline, hits(search(client(), "good")));
        assertStoreMatchesCatalog();
        assertAcked(client().admin().indices().prepareDelete(INDEX));
    }

    private long modelErrors() {
        long sum = 0;
        for (org.prectr.opensearch.stats.StatsAction.NodeResponse node : client().execute(org.prectr.opensearch.stats.StatsAction.INSTANCE,
            new org.prectr.opensearch.stats.StatsAction.NodesRequest()).actionGet().getNodes()) {
            sum += node.stats().errors().get("model");
        }
        return sum;
    }

    private long unscoredHits() {
        long sum = 0;
        for (org.prectr.opensearch.stats.StatsAction.NodeResponse node : client().execute(org.prectr.opensearch.stats.StatsAction.INSTANCE,
            new org.prectr.opensearch.stats.StatsAction.NodesRequest()).actionGet().getNodes()) {
            sum += node.stats().unscoredHits();
        }
        return sum;
    }

    private static List<String> ids(SearchResponse response) {
        List<String> ids = new java.util.ArrayList<>();
        for (org.opensearch.search.SearchHit hit : response.getHits().getHits()) {
            ids.add(hit.getId());
        }
        return ids;
    }

    public void testBadSearchesAndSettings() throws Exception {
        indexProducts(0);
        assertTrue(searchFailure(() -> search(client(), "nope"), RestStatus.BAD_REQUEST)
            .startsWith("[prectr] [model] bundle [nope] was not found in "));
        RequestUser user = new RequestUser("u", Map.of(), List.of(new RequestHistoryEntry(QUERY, null, 7, true)));
        assertEquals("[prectr] [user.history[0].grade] must be in [0, 4) but was [7]", searchFailure(() -> client().prepareSearch(INDEX)
            .setQuery(QueryBuilders.matchQuery("title", FIRST_PHASE)).addRescorer(new PrectrRescorerBuilder("ref-standard", QUERY, user,
                ScoreMode.REPLACE, 1f, 1f), WINDOW).get(), RestStatus.BAD_REQUEST));
        assertAcked(client().admin().indices().prepareUpdateSettings(INDEX).setSettings(Settings.builder()
            .put("index.prectr.max_window_size", 10)));
        assertEquals("[prectr] [window_size] must be at most [10] (the setting [index.prectr.max_window_size] of index [products]) but "
            + "was [20]", searchFailure(() -> search(client(), "ref-standard"), RestStatus.BAD_REQUEST));

        // settings
        IllegalArgumentException low = expectThrows(IllegalArgumentException.class, () -> setMaxUpload("0b"));
        assertEquals("failed to parse value [0b] for setting [prectr.models.max_upload_size], must be >= [1kb]", low.getMessage());
        IllegalArgumentException high = expectThrows(IllegalArgumentException.class, () -> setMaxUpload("2gb"));
        assertEquals("failed to parse value [2gb] for setting [prectr.models.max_upload_size], must be <= [1gb]", high.getMessage());
        IllegalArgumentException model = expectThrows(IllegalArgumentException.class, () -> prepareCreate("bad-model")
            .setSettings(Settings.builder().put("index.prectr.model", "../x")).get());
        assertEquals("[index.prectr.model] must match [" + BundleNames.PATTERN.pattern() + "] without [..] but was [../x]",
            ExceptionsHelper.unwrapCause(model).getMessage());
        IllegalArgumentException window = expectThrows(IllegalArgumentException.class, () -> prepareCreate("bad-window")
            .setSettings(Settings.builder().put("index.prectr.max_window_size", 0)).get());
        assertEquals("Failed to parse value [0] for setting [index.prectr.max_window_size] must be >= 1", window.getMessage());
        assertAcked(client().admin().indices().prepareDelete(INDEX));
    }

    public void testBadUploadBodies() throws Exception {
        assertEquals("[bundle] must be given: the body is {\"bundle\": \"<base64 of the bundle zip>\"}", bodyFailure(null));
        assertEquals("unknown field [zip]; the body is {\"bundle\": \"<base64 zip>\"}", bodyFailure("{\"zip\": \"AAAA\"}"));
        assertTrue(bodyFailure("{\"bundle\": \"%%%not base64\"}").startsWith("[bundle] must be the base64 of a zip but was not: "));
        assertEquals("[bundle] must be given: the body is {\"bundle\": \"<base64 of the bundle zip>\"}", bodyFailure("{\"bundle\": \"\"}"));
        assertEquals("[bundle] the body must be an object {\"bundle\": \"<base64 zip>\"}", bodyFailure("[1]"));
        byte[] parsed = org.opensearch.core.common.bytes.BytesReference.toBytes(RestModelsAction.parseBundle(rest("{\"bundle\": \""
            + java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}")));
        assertArrayEquals(new byte[] {1, 2, 3}, parsed);
    }

    private RestRequest rest(String body) {
        FakeRestRequest.Builder builder = new FakeRestRequest.Builder(xContentRegistry()).withMethod(RestRequest.Method.PUT)
            .withPath("/_plugins/_prectr/models/x");
        if (body != null) {
            builder.withContent(new BytesArray(body), XContentType.JSON);
        }
        return builder.build();
    }

    private String bodyFailure(String body) {
        return expectThrows(IllegalArgumentException.class, () -> RestModelsAction.parseBundle(rest(body))).getMessage();
    }

    private void setMaxUpload(String value) {
        Settings.Builder settings = Settings.builder();
        if (value == null) {
            settings.putNull(ModelStoreSettings.MAX_UPLOAD_SIZE.getKey());
        } else {
            settings.put(ModelStoreSettings.MAX_UPLOAD_SIZE.getKey(), value);
        }
        assertAcked(client().admin().cluster().prepareUpdateSettings().setTransientSettings(settings));
    }

    /**
     * @return the failure's message (a bundle problem is found while the coordinating node loads the bundle
     *     in the rewrite; other problems are the first shard failure's cause), after checking the search's status
     */
    private static String searchFailure(ThrowingRunnable search, RestStatus status) {
        Exception e = expectThrows(Exception.class, search);
        assertEquals(e.toString(), status, ExceptionsHelper.status(e));
        return e instanceof SearchPhaseExecutionException phase && phase.shardFailures().length > 0
            ? ExceptionsHelper.unwrapCause(phase.shardFailures()[0].getCause()).getMessage()
            : ExceptionsHelper.unwrapCause(e).getMessage();
    }

    private static Map<String, byte[]> with(Map<String, byte[]> files, String name, byte[] bytes) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put(name, bytes);
        return copy;
    }

    private static Map<String, byte[]> without(Map<String, byte[]> files, String name) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.remove(name);
        return copy;
    }
}
