package org.prectr.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The one step policy: only the named parameters move, a non-finite gradient moves nothing, gradients end zeroed. */
public class GradientStepTests {

    private static Map<String, NDArray> parameters(NDManager manager) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("rsl.w", manager.create(new float[] {1f, 2f}));
        p.put("tower.w", manager.create(new float[] {3f, 4f}));
        p.values().forEach(a -> a.setRequiresGradient(true));
        return p;
    }

    @Test
    public void stepsOnlyTheParametersWithThePrefixAndZeroesEveryGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> p = parameters(manager);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(p.get("rsl.w").sum().add(p.get("tower.w").sum()));
            }
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
            assertTrue(GradientStep.step(adam, p, "rsl."));
            float[] rsl = p.get("rsl.w").toFloatArray();
            assertTrue("rsl.w moved against its gradient", rsl[0] < 1f && rsl[1] < 2f);
            assertArrayEquals(new float[] {3f, 4f}, p.get("tower.w").toFloatArray(), 0f);
            for (NDArray a : p.values()) {
                assertArrayEquals(new float[] {0f, 0f}, a.getGradient().toFloatArray(), 0f);
            }
        }
    }

    @Test
    public void aNonFiniteGradientMovesNothingAndIsZeroed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> p = parameters(manager);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // d/dw log(w - 1) at w = 1 is infinite; the other parameter's gradient is finite
                gc.backward(p.get("rsl.w").sub(1f).log().sum().add(p.get("tower.w").sum()));
            }
            assertFalse(GradientStep.allFinite(java.util.List.of(p.get("rsl.w").getGradient())));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
            assertFalse(GradientStep.step(adam, p, ""));
            assertArrayEquals(new float[] {1f, 2f}, p.get("rsl.w").toFloatArray(), 0f);
            assertArrayEquals(new float[] {3f, 4f}, p.get("tower.w").toFloatArray(), 0f);
            for (NDArray a : p.values()) {
                assertArrayEquals(new float[] {0f, 0f}, a.getGradient().toFloatArray(), 0f);
            }
        }
    }
}
