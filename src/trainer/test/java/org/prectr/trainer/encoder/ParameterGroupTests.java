package org.prectr.trainer.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.Test;

import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class ParameterGroupTests {

    @Test
    public void clipsTheGlobalNormAndZeroesGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            ParameterGroup group = new ParameterGroup("g", Map.of("w", w), 0.1f);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(manager.create(new float[] {30f, 40f})).sum());
            }
            assertEquals(50.0, ParameterGroup.clipAndStep(List.of(group), 1f), 1e-4);
            float[] moved = w.toFloatArray();
            assertTrue("weights moved against the gradient", moved[0] < 1f && moved[1] < 2f);
            assertArrayEquals(new float[] {0f, 0f}, w.getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    public void adamStepEqualsDjlsAdam() {
        // the group's own Adam (scratch-managed temporaries) must move weights exactly as DJL's Adam does
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mine = manager.create(new float[] {1f, -2f, 0.5f});
            NDArray theirs = manager.create(new float[] {1f, -2f, 0.5f});
            mine.setRequiresGradient(true);
            theirs.setRequiresGradient(true);
            ParameterGroup group = new ParameterGroup("g", Map.of("w", mine), 0.05f);
            ai.djl.training.optimizer.Optimizer adam = ai.djl.training.optimizer.Adam.builder()
                .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.05f)).build();
            float[][] targets = {{3f, 1f, -1f}, {0.5f, 4f, 2f}, {-2f, 0f, 1f}, {1f, 1f, 1f}, {5f, -3f, 0f}};
            for (float[] t : targets) {
                for (NDArray w : List.of(mine, theirs)) {
                    try (NDManager scope = manager.newSubManager();
                         GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray target = scope.create(t);
                        collector.backward(target.sub(w).square().sum());
                    }
                }
                ParameterGroup.clipAndStep(List.of(group), 1000f);
                try (NDArray g = theirs.getGradient()) {
                    adam.update("w", theirs, g);
                    g.muli(0f);
                }
                assertArrayEquals(theirs.toFloatArray(), mine.toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    public void stepsLeaveNothingInTheWeightsManager() {
        // every array a step makes must be freed with the step: left in the weights' manager, stage 0 grew
        // by gigabytes over an epoch (the token table's size, per step)
        try (NDManager manager = NDManager.newBaseManager()) {
            NDManager weights = manager.newSubManager();
            NDArray w = weights.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            ParameterGroup group = new ParameterGroup("g", Map.of("w", w), 0.1f);
            int before = -1;
            for (int step = 0; step < 5; step++) {
                try (NDManager scope = manager.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // the step's scope array first: the product and sum belong to the step, not to the weights
                    collector.backward(scope.create(new float[] {3f, 4f, 5f}).mul(w).sum());
                }
                ParameterGroup.clipAndStep(List.of(group), 1f);
                if (step == 1) {
                    before = weights.getManagedArrays().size();
                }
            }
            assertEquals("arrays left in the weights' manager by 3 steps", before, weights.getManagedArrays().size());
        }
    }

    @Test
    public void nonFiniteGradientsMoveNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            ParameterGroup group = new ParameterGroup("g", Map.of("w", w), 0.1f);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(manager.create(new float[] {Float.NaN, 1f})).sum());
            }
            assertTrue(Double.isNaN(ParameterGroup.clipAndStep(List.of(group), 1f)));
            assertArrayEquals(new float[] {1f, 2f}, w.toFloatArray(), 0f);
            assertArrayEquals(new float[] {0f, 0f}, w.getGradient().toFloatArray(), 0f);
        }
    }
}
