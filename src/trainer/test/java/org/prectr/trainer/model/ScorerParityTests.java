package org.prectr.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The exported scorer graph, run by ONNX Runtime, gives DJL's forward() outputs within 1e-5, for every incentive mode. */
public class ScorerParityTests {

    static final int D = 8;
    static final int F = 13;
    static final int K = 4;

    static ScorerLayout layout(IncentiveMode mode, boolean fusion) {
        return layout(mode, fusion, RelevanceInput.FULL);
    }

    static ScorerLayout layout(IncentiveMode mode, boolean fusion, RelevanceInput relevance) {
        return new ScorerLayout(D, F, K, List.of(0, 1, 2), List.of(3, 4, 5, 6), List.of(7, 8, 9, 10), List.of(11, 12),
            List.of(16), List.of(16, 8), List.of(8), 4, mode, fusion, relevance);
    }

    @Test
    public void testAgreementInputParity() throws Exception {
        assertParity(layout(IncentiveMode.MIXTURE, true, RelevanceInput.AGREEMENT));
    }

    @Test
    public void testMixtureParity() throws Exception {
        assertParity(layout(IncentiveMode.MIXTURE, true));
    }

    @Test
    public void testPersonalParity() throws Exception {
        assertParity(layout(IncentiveMode.PERSONAL, true));
    }

    @Test
    public void testPlainClickModelParity() throws Exception {
        assertParity(layout(IncentiveMode.NONE, false));
    }

    @Test
    public void testRelevanceWeightParity() throws Exception {
        assertParity(layout(IncentiveMode.MIXTURE, true), 6f);
    }

    @Test
    public void testRelevanceWeightBlendsTheExpectedGainIntoTheScoreLogit() {
        int rows = 5;
        Random random = new Random(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            PrectrScorer scorer = new PrectrScorer(layout(IncentiveMode.MIXTURE, true), manager, 11);
            NDArray q = manager.create(randoms(random, rows * D, 1f), new Shape(rows, D));
            NDArray t = manager.create(randoms(random, rows * D, 1f), new Shape(rows, D));
            NDArray f = manager.create(randoms(random, rows * F, 2f), new Shape(rows, F));
            ScorerOutputs plain = scorer.forward(q, t, f);
            scorer.relevanceWeight(4f);
            ScorerOutputs weighted = scorer.forward(q, t, f);
            float[] p = plain.gradeProbs().toFloatArray();
            float[] gains = org.prectr.core.data.EsciGrade.gains(K);
            for (int r = 0; r < rows; r++) {
                double expected = 0;
                for (int g = 0; g < K; g++) {
                    expected += gains[g] * p[r * K + g];
                }
                double fusedLogit = plain.scoreLogit().toFloatArray()[r] - plain.tau().toFloatArray()[r];
                double blended = (plain.scoreLogit().toFloatArray()[r] + 4 * expected) / 5;
                assertEquals(blended, weighted.scoreLogit().toFloatArray()[r], 1e-5);
                // tau is the whole shift of the fused logit, so score = sigmoid(logit(f) + tau) still holds
                assertEquals(blended - fusedLogit, weighted.tau().toFloatArray()[r], 1e-5);
            }
            // the click side is untouched: the weight shifts the ranking score only
            org.junit.Assert.assertArrayEquals(plain.clickProbs().toFloatArray(), weighted.clickProbs().toFloatArray(), 0f);
            org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> scorer.relevanceWeight(Float.NaN));
            org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> scorer.relevanceWeight(-1f));
        }
    }

    static void assertParity(ScorerLayout layout) throws Exception {
        assertParity(layout, 0f);
    }

    static void assertParity(ScorerLayout layout, float relevanceWeight) throws Exception {
        int rows = 7;
        Random random = new Random(3);
        float[] q = randoms(random, rows * D, 1f);
        float[] t = randoms(random, rows * D, 1f);
        float[] f = randoms(random, rows * F, 2f);
        try (NDManager manager = NDManager.newBaseManager()) {
            PrectrScorer scorer = new PrectrScorer(layout, manager, 11);
            scorer.relevanceWeight(relevanceWeight);
            // move every bias and weight away from its initial value so each op matters
            for (NDArray p : scorer.parameters().parameters().values()) {
                p.addi(manager.randomNormal(0f, 0.3f, p.getShape(), p.getDataType()));
            }
            ScorerOutputs out = scorer.forward(manager.create(q, new Shape(rows, D)),
                manager.create(t, new Shape(rows, D)), manager.create(f, new Shape(rows, F)));
            byte[] graph = scorer.export().toBytes();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(graph, new OrtSession.SessionOptions());
                 OnnxTensor tq = OnnxTensor.createTensor(env, FloatBuffer.wrap(q), new long[] {rows, D});
                 OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {rows, D});
                 OnnxTensor tf = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {rows, F});
                 OrtSession.Result result = session.run(Map.of("query_embedding", tq, "item_embedding", tt, "features", tf))) {
                assertClose("grade_probs", out.gradeProbs().toFloatArray(), result);
                assertClose("click_probs", out.clickProbs().toFloatArray(), result);
                assertClose("tau", out.tau().toFloatArray(), result);
                assertClose("score", out.score().toFloatArray(), result);
            }
        }
    }

    static void assertClose(String name, float[] expected, OrtSession.Result result) throws Exception {
        float[] actual = ((OnnxTensor) result.get(name).get()).getFloatBuffer().array();
        assertEquals(name + " length", expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(name + " max diff " + max, max <= 1e-5);
    }

    static float[] randoms(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return v;
    }
}
