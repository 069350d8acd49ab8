package org.prectr.benchmarks.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.prectr.core.bundle.BundleManifest;
import org.prectr.core.bundle.BundleManifestJson;
import org.prectr.core.bundle.BundleNames;
import org.prectr.core.bundle.GraphContract;
import org.prectr.core.bundle.GraphsSpec;
import org.prectr.core.bundle.InvalidBundleException;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.bundle.QueryPreferenceSpec;
import org.prectr.core.bundle.TokenizerSpec;
import org.prectr.core.bundle.UserPreferenceSpec;
import org.prectr.core.features.QueryPreferenceTable;
import org.prectr.onnx.DeterministicBundleWriter;
import org.prectr.onnx.DeterministicGraphs;
import org.prectr.onnx.DeterministicScorerWeights;

/**
 * The per-hit transformer baseline of issue 5 as a bundle, so that the same rescorer, request and
 * node serve it: the item (and query) encoder is all-MiniLM-L6-v2 (fp32, 6 layers, H = 384, from the
 * langchain4j jar, Apache-2.0) with mean pooling ({@link MeanPoolingGraph}); the scorer is the
 * deterministic scorer of prectr-onnx at D = 384. Its version differs from every PRECTR bundle's, so
 * no stored embedding is ever used with it: every hit of the window runs through MiniLM at query time,
 * which costs what a cross-encoder over (query, title) costs, less the query's few tokens.
 *
 * <p>{@code java -cp benchmarks.jar org.prectr.benchmarks.baseline.MiniLmBaselineBundle <models-dir> [name]}
 */
public final class MiniLmBaselineBundle {

    /** Bundle name used when the command line gives none. */
    public static final String DEFAULT_NAME = "minilm-baseline";
    /** The manifest version. */
    public static final String VERSION = "minilm-baseline-1";
    /** all-MiniLM-L6-v2's hidden size. */
    public static final int DIM = 384;
    static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";

    private MiniLmBaselineBundle() {
    }

    /**
     * @param parent the models folder
     * @param name the bundle name
     * @return the bundle folder
     * @throws IOException if the teacher jar is not on the classpath or a file cannot be written
     */
    public static Path write(Path parent, String name) throws IOException {
        BundleNames.validate("name", name);
        Path dir = Files.createDirectories(parent.resolve(name));
        byte[] hf;
        try (InputStream in = MiniLmBaselineBundle.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("[" + MODEL_RESOURCE + "] must be on the classpath (langchain4j all-minilm-l6-v2 jar)");
            }
            hf = in.readAllBytes();
        }
        Files.write(dir.resolve("text_encoder.onnx"), MeanPoolingGraph.wrap(hf, DIM));
        DeterministicScorerWeights weights = DeterministicScorerWeights.standard();
        Files.write(dir.resolve("scorer.onnx"), DeterministicGraphs.scorer(weights, DIM));
        DeterministicBundleWriter.bertVocabulary().write(dir.resolve("vocab.txt"));
        QueryPreferenceTable.write(dir.resolve("query_preferences.json"), weights.grades(),
            DeterministicBundleWriter.queryPreferences());
        int k = weights.grades();
        int f = weights.featureCount();
        GraphsSpec graphs = new GraphsSpec(
            GraphContract.spec(GraphContract.Role.QUERY_ENCODER, "text_encoder.onnx", DIM, k, f),
            GraphContract.spec(GraphContract.Role.ITEM_ENCODER, "text_encoder.onnx", DIM, k, f),
            GraphContract.spec(GraphContract.Role.SCORER, "scorer.onnx", DIM, k, f));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("producer", MiniLmBaselineBundle.class.getName());
        training.put("trained", false);
        training.put("note", "per-hit transformer baseline for benchmarks only: all-MiniLM-L6-v2 item encoder, "
            + "deterministic scorer");
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, name, VERSION,
            DeterministicBundleWriter.SEED, DeterministicScorerWeights.GRADES,
            new TokenizerSpec(TokenizerSpec.WORDPIECE, "vocab.txt", ModelBundle.sha256(dir.resolve("vocab.txt")), true,
                DeterministicBundleWriter.QUERY_MAX_LENGTH, DeterministicBundleWriter.ITEM_MAX_LENGTH),
            List.of("title"), DIM, graphs, weights.features(), new UserPreferenceSpec(50, 0.1),
            new QueryPreferenceSpec("query_preferences.json", 0.8), training);
        try {
            BundleManifestJson.validate(manifest);
        } catch (InvalidBundleException e) {
            throw new IllegalStateException("the baseline manifest breaks the bundle contract", e);
        }
        BundleManifestJson.write(manifest, dir.resolve(BundleManifest.FILE));
        return dir;
    }

    /**
     * @param args the models folder and, optionally, the bundle name
     * @throws IOException if the bundle cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: MiniLmBaselineBundle <models-dir> [name (default " + DEFAULT_NAME + ")]");
            System.exit(2);
        }
        System.out.println(write(Path.of(args[0]), args.length == 2 ? args[1] : DEFAULT_NAME).toAbsolutePath());
    }
}
