package org.prectr.eval.sim;

import org.prectr.core.data.EsciGrade;
import org.prectr.eval.search.CatalogIndex;
import org.junit.Test;
import org.prectr.eval.MiniData;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.trainer.search.Bm25Index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class SimulatorTests {
    private static SimulatedData simulate(SimulationConfig config) throws Exception {
        ProductCatalog catalog = MiniData.catalog();
        try (Bm25Index index = CatalogIndex.build(catalog.products(), List.of("title"))) {
            return SimulatedData.simulate(config, catalog, index, MiniData.train(), MiniData.test());
        }
    }

    @Test
    public void sameSeedGivesByteIdenticalFiles() throws Exception {
        SimulationConfig config = SimulationConfig.defaults(7, ClickModel.PBM).withUsers(200);
        Path a = Files.createTempDirectory("sim-a");
        Path b = Files.createTempDirectory("sim-b");
        Path c = Files.createTempDirectory("sim-c");
        simulate(config).write(a);
        simulate(config).write(b);
        simulate(config.withSeed(8)).write(c);
        for (String f : List.of("users.ndjson", "simulation.json", "train/ubi_queries_events.ndjson",
                "train/ground_truth.ndjson", "test/ubi_queries_events.ndjson", "test/ground_truth.ndjson")) {
            assertArrayEquals(f, Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)));
        }
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("train/ubi_queries_events.ndjson")),
                Files.readAllBytes(c.resolve("train/ubi_queries_events.ndjson"))));
    }

    @Test
    public void strictUsersClickOnlyExactMatchesWhileLenientOnesAlsoTakeOthers() throws Exception {
        SimulationConfig config = SimulationConfig.defaults(11, ClickModel.PBM).withUsers(600);
        SimulatedData data = simulate(config);
        int strictClicks = 0, lenientNonExactClicks = 0;
        for (SimSession s : concat(data.train(), data.test())) {
            for (int p = 0; p < s.shown(); p++) {
                if (!s.clicks()[p]) continue;
                if (s.user().tolerance() == Tolerance.STRICT) {
                    strictClicks++;
                    assertEquals("strict user " + s.user().id() + " clicked a non-exact item", EsciGrade.EXACT.grade(), s.grades()[p]);
                } else if (s.user().tolerance() == Tolerance.LENIENT && s.grades()[p] != EsciGrade.EXACT.grade()) {
                    lenientNonExactClicks++;
                }
            }
        }
        assertTrue("strict users must click at all", strictClicks > 100);
        assertTrue("lenient users must click non-exact items sometimes", lenientNonExactClicks > 10);
    }

    @Test
    public void pbmClickThroughFallsWithPosition() throws Exception {
        SimulatedData data = simulate(SimulationConfig.defaults(3, ClickModel.PBM).withUsers(1500));
        double[] ctr = PositionCtr.of(data.train());
        assertEquals(10, ctr.length);
        // on real windows the grade at each position varies, so only the overall fall is certain
        for (int p = 0; p + 1 < 3; p++) {
            assertTrue("CTR rises from " + p + " to " + (p + 1) + ": " + Arrays.toString(ctr), ctr[p] > ctr[p + 1]);
        }
        assertTrue(Arrays.toString(ctr), ctr[0] > 3 * ctr[9]);
        assertTrue(Arrays.toString(ctr), ctr[0] + ctr[1] + ctr[2] + ctr[3] + ctr[4] > 2 * (ctr[5] + ctr[6] + ctr[7] + ctr[8] + ctr[9]));
    }

    @Test
    public void pbmExaminationAloneMakesClickThroughFallAtEveryPosition() {
        // equal attractiveness everywhere: any fall is the position bias alone
        SimulationConfig config = SimulationConfig.defaults(1, ClickModel.PBM);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        double[] attract = new double[10];
        Arrays.fill(attract, 0.5);
        double[] clicks = new double[10];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            boolean[] c = ClickModel.PBM.clicks(attract, config, rng);
            for (int p = 0; p < 10; p++) if (c[p]) clicks[p]++;
        }
        for (int p = 0; p < 10; p++) {
            assertEquals("position " + p, 0.5 / (p + 1), clicks[p] / n, 0.012);
            if (p > 0) assertTrue("position " + p, clicks[p] < clicks[p - 1]);
        }
    }

    @Test
    public void cascadeClickThroughFallsWithPosition() throws Exception {
        SimulatedData data = simulate(SimulationConfig.defaults(3, ClickModel.CASCADE).withUsers(1500));
        double[] ctr = PositionCtr.of(data.train());
        assertTrue(Arrays.toString(ctr), ctr[0] > ctr[2] && ctr[2] > ctr[5] && ctr[5] > ctr[9]);
    }

    @Test
    public void coldStartUsersHaveAtMostTwoPastSessionsAndAppearOnlyInTest() throws Exception {
        SimulatedData data = simulate(SimulationConfig.defaults(5, ClickModel.PBM).withUsers(400));
        long cold = data.users().stream().filter(u -> u.activityBucket().equals("cold_start")).count();
        assertTrue("about 30% cold start, got " + cold, cold > 80 && cold < 160);
        for (SimUser u : data.users()) {
            long train = data.train().stream().filter(s -> s.user().index() == u.index()).count();
            assertEquals(u.pastSessions(), train);
        }
        assertEquals(400 * 2, data.test().size());
        assertTrue(data.train().get(data.train().size() - 1).timestamp().isBefore(data.test().get(0).timestamp()));
    }

    @Test
    public void refusesBadConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationConfig.defaults(1, ClickModel.PBM).withUsers(0));
        assertEquals("[users] must be in [1, 10000000] but was [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClickModel.fromString("dbn"));
        assertEquals("[click_model] must be one of [pbm, cascade] but was [dbn]", e.getMessage());
    }

    private static List<SimSession> concat(List<SimSession> a, List<SimSession> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
