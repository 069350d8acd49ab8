package org.prectr.eval.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.prectr.core.data.Judgments;
import org.prectr.eval.data.ProductCatalog;
import org.prectr.trainer.search.Bm25Index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One simulation: the user population, the training-period sessions over the training queries and
 * (optionally) the test-period sessions over the test queries, with the same users.
 *
 * <p>Layout written by {@link #write}: {@code users.ndjson}, {@code simulation.json} (config and
 * counts), and per phase {@code <phase>/ubi_queries_events.ndjson} and {@code <phase>/ground_truth.ndjson}.
 */
public record SimulatedData(SimulationConfig config, List<SimUser> users, List<SimSession> train, List<SimSession> test) {

    public SimulatedData {
        users = List.copyOf(users);
        train = List.copyOf(train);
        test = test == null ? List.of() : List.copyOf(test);
    }

    /** Simulates both periods ({@code testJudgments} may be null: training period only). */
    public static SimulatedData simulate(SimulationConfig config, ProductCatalog catalog, Bm25Index index,
                                         Judgments trainJudgments, Judgments testJudgments) {
        List<SimUser> users = UserPopulation.generate(config, catalog);
        Simulator simulator = new Simulator(config, catalog, index);
        List<SimSession> train = simulator.simulateTrain(users, trainJudgments);
        List<SimSession> test = testJudgments == null ? List.of() : simulator.simulateTest(users, testJudgments);
        return new SimulatedData(config, users, train, test);
    }

    public void write(Path out) throws IOException {
        Files.createDirectories(out);
        GroundTruthWriter.writeUsers(users, out.resolve("users.ndjson"));
        writePhase(out.resolve("train"), train);
        if (!test.isEmpty()) writePhase(out.resolve("test"), test);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("simulated", "users, sessions, impressions and clicks are simulated; queries, products and grades are real ESCI data");
        root.set("config", mapper.valueToTree(config));
        root.set("train", phaseSummary(mapper, train));
        root.set("test", phaseSummary(mapper, test));
        mapper.writeValue(out.resolve("simulation.json").toFile(), root);
    }

    private static void writePhase(Path dir, List<SimSession> sessions) throws IOException {
        UbiLogWriter.write(sessions, dir.resolve("ubi_queries_events.ndjson"));
        GroundTruthWriter.writeSessions(sessions, dir.resolve("ground_truth.ndjson"));
    }

    private static ObjectNode phaseSummary(ObjectMapper mapper, List<SimSession> sessions) {
        ObjectNode node = mapper.createObjectNode();
        long impressions = 0, clicks = 0;
        for (SimSession s : sessions) {
            impressions += s.shown();
            clicks += s.clickCount();
        }
        node.put("sessions", sessions.size());
        node.put("impressions", impressions);
        node.put("clicks", clicks);
        ArrayNode ctr = node.putArray("ctr_by_position");
        for (double c : PositionCtr.of(sessions)) ctr.add(Math.round(c * 1e5) / 1e5);
        return node;
    }

    public String summary() {
        return String.format(Locale.ROOT, "users %d; train sessions %d (clicks %d); test sessions %d (clicks %d); "
                        + "SIMULATED users/clicks over real ESCI queries, products, grades",
                users.size(), train.size(), train.stream().mapToInt(SimSession::clickCount).sum(),
                test.size(), test.stream().mapToInt(SimSession::clickCount).sum());
    }
}
