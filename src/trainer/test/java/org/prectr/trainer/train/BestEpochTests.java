package org.prectr.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.Test;
import org.prectr.trainer.model.ParameterStore;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

/** Early stopping puts back the weights of the best epoch, in place (the layers keep their tensors). */
public class BestEpochTests {

    @Test
    public void testRestoresTheBestEpochInPlace() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, 1);
            NDArray w = store.glorot("w", 2, 3);
            float[] atEpoch1 = w.toFloatArray();
            BestEpoch best = new BestEpoch("auc", List.of(store.parameters()));
            best.offer(record(1, 0.7));
            w.addi(1f);
            best.offer(record(2, 0.6));
            w.addi(1f);
            best.offer(record(3, Double.NaN));
            assertEquals(1, best.restore());
            assertArrayEquals(atEpoch1, w.toFloatArray(), 0f);
            assertArrayEquals(atEpoch1, store.parameters().get("w").toFloatArray(), 0f);
        }
    }

    @Test
    public void testNothingToRestoreWithoutTheMetric() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, 1);
            NDArray w = store.glorot("w", 2, 2);
            BestEpoch best = new BestEpoch("auc", List.of(store.parameters()));
            best.offer(new EpochRecord(2, 1, Map.of(), Map.of(), 1, 1));
            w.addi(1f);
            float[] now = w.toFloatArray();
            assertEquals(0, best.restore());
            assertArrayEquals(now, w.toFloatArray(), 0f);
        }
    }

    private static EpochRecord record(int epoch, double auc) {
        return new EpochRecord(2, epoch, Map.of(), Map.of("auc", auc), 1, 1);
    }
}
