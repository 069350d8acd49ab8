package org.prectr.eval.run;

import org.prectr.eval.metrics.Calibration;
import org.prectr.eval.metrics.MetricNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report: one self-contained page with inline SVG plots drawn here (no scripts, nothing
 * fetched): metrics per model, metrics by activity bucket, calibration of the click probability,
 * and the simulated CTR by position.
 */
final class HtmlReport {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private HtmlReport() {}

    static String render(EvalResults r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PRECTR evaluation</title><style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}.pass{color:#2a7}.fail{color:#c22;font-weight:bold}")
                .append("svg{margin:0.5em 1em 1em 0;vertical-align:top}</style></head><body>");
        h.append("<h1>PRECTR evaluation</h1><p><b>").append(esc(ReportWriter.PROVENANCE)).append("</b></p>");
        h.append("<p>Command: <code>").append(esc(r.settings().command())).append("</code></p>");
        h.append("<h2>Metrics per model (all test sessions)</h2>");
        h.append(table(r));
        for (String metric : List.of(MetricNames.NDCG10_ESCI, MetricNames.NDCG10_PERSONAL, MetricNames.AUC,
                MetricNames.GAUC, MetricNames.IRRELEVANT10)) {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (ModelResult m : r.models().values()) {
                Double v = m.overall().get(metric);
                if (v == null || v.isNaN()) continue;
                labels.add(m.name());
                values.add(v);
            }
            h.append(bars(metric, labels, values));
        }
        h.append("<h2>By user activity (cold start: 0-2 past sessions; active: 3+)</h2>");
        for (String metric : List.of(MetricNames.NDCG10_PERSONAL, MetricNames.GAUC, MetricNames.NDCG10_ESCI)) {
            h.append(bucketBars(r, metric));
        }
        h.append("<h2>Calibration of the fused click probability</h2>");
        boolean any = false;
        List<String> names = new ArrayList<>();
        List<List<double[]>> series = new ArrayList<>();
        for (ModelResult m : r.models().values()) {
            Calibration c = m.calibration();
            if (c == null) continue;
            any = true;
            List<double[]> points = new ArrayList<>();
            for (Calibration.Bin b : c.bins()) points.add(new double[] {b.meanPredicted(), b.observedRate()});
            names.add(String.format(Locale.ROOT, "%s (ECE %.3f)", m.name(), c.expectedError()));
            series.add(points);
        }
        if (any) h.append(lines("observed click rate vs predicted (diagonal = perfect)", names, series, 1.0, 1.0, true));
        else h.append("<p>No model in this run gives a click probability (the PRECTR bundles do).</p>");
        h.append("<h2>Simulated CTR by position</h2>");
        List<double[]> train = new ArrayList<>(), test = new ArrayList<>();
        for (int p = 0; p < r.trainCtr().length; p++) train.add(new double[] {p, r.trainCtr()[p]});
        for (int p = 0; p < r.testCtr().length; p++) test.add(new double[] {p, r.testCtr()[p]});
        double maxCtr = 0;
        for (double c : r.trainCtr()) maxCtr = Math.max(maxCtr, c);
        for (double c : r.testCtr()) maxCtr = Math.max(maxCtr, c);
        h.append(lines("CTR by 0-based position", List.of("training log", "test log"), List.of(train, test),
                Math.max(1, r.trainCtr().length - 1), Math.max(0.01, maxCtr), false));
        h.append("<h2>Checks (sanity: the harness works; goal: issue 10's quality goals)</h2><ul>");
        for (Check c : r.checks()) {
            h.append("<li><span class=\"").append(c.passed() ? "pass\">PASS" : "fail\">FAIL").append("</span> ")
                    .append(c.kind().label()).append(" <code>")
                    .append(esc(c.name())).append("</code>: ").append(esc(c.detail())).append("</li>");
        }
        h.append("</ul></body></html>\n");
        return h.toString();
    }

    private static String table(EvalResults r) {
        StringBuilder b = new StringBuilder("<table><tr><th>model</th>");
        for (String m : MetricNames.ALL) b.append("<th>").append(m).append("</th>");
        b.append("</tr>");
        for (ModelResult m : r.models().values()) {
            b.append("<tr><td>").append(esc(m.name())).append("</td>");
            for (String name : MetricNames.ALL) {
                Double v = m.overall().get(name);
                b.append("<td>").append(v == null || v.isNaN() ? "-" : name.equals(MetricNames.SESSIONS)
                        ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.4f", v)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    /** Horizontal bars, one per model, on a 0..max scale. */
    static String bars(String title, List<String> labels, List<Double> values) {
        int rowH = 18, left = 220, width = 520, top = 24;
        double max = 0;
        for (double v : values) max = Math.max(max, v);
        if (max <= 0) max = 1;
        int height = top + rowH * labels.size() + 10;
        StringBuilder s = svgStart(left + width + 70, height, title);
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int y = top + i * rowH;
            int w = (int) Math.round(width * Math.max(0, v) / max);
            s.append(text(left - 6, y + 13, labels.get(i), "end"));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                    left, y + 2, w, rowH - 4, COLOURS[i % COLOURS.length]));
            s.append(text(left + w + 4, y + 13, String.format(Locale.ROOT, "%.4f", v), "start"));
        }
        return s.append("</svg>").toString();
    }

    private static String bucketBars(EvalResults r, String metric) {
        int rowH = 14, left = 220, width = 480, top = 24;
        List<ModelResult> models = new ArrayList<>(r.models().values());
        double max = 0;
        for (ModelResult m : models) {
            for (String b : MetricNames.BUCKETS) {
                Double v = m.buckets().get(b).get(metric);
                if (v != null && !v.isNaN()) max = Math.max(max, v);
            }
        }
        if (max <= 0) max = 1;
        int height = top + models.size() * (2 * rowH + 6) + 24;
        StringBuilder s = svgStart(left + width + 70, height, metric + " by activity bucket");
        for (int i = 0; i < models.size(); i++) {
            int y = top + i * (2 * rowH + 6);
            s.append(text(left - 6, y + rowH + 3, models.get(i).name(), "end"));
            for (int k = 0; k < MetricNames.BUCKETS.size(); k++) {
                Double v = models.get(i).buckets().get(MetricNames.BUCKETS.get(k)).get(metric);
                if (v == null || v.isNaN()) continue;
                int w = (int) Math.round(width * Math.max(0, v) / max);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        left, y + k * rowH, w, rowH - 2, k == 0 ? "#f28e2b" : "#4e79a7"));
                s.append(text(left + w + 4, y + k * rowH + 11, String.format(Locale.ROOT, "%.4f", v), "start"));
            }
        }
        int ly = height - 12;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#f28e2b\"/>", left, ly - 9));
        s.append(text(left + 14, ly, "cold_start", "start"));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#4e79a7\"/>", left + 110, ly - 9));
        s.append(text(left + 124, ly, "active", "start"));
        return s.append("</svg>").toString();
    }

    /** A line plot of several series of (x, y) points on [0, xMax] x [0, yMax]. */
    static String lines(String title, List<String> names, List<List<double[]>> series, double xMax, double yMax,
                        boolean diagonal) {
        int w = 420, hgt = 300, left = 50, top = 30, right = 20;
        int pw = w - left - right, ph = hgt - top - 40;
        StringBuilder s = svgStart(w, hgt + 16 * names.size(), title);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                left, top, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double fy = yMax * t / 4, fx = xMax * t / 4;
            int y = top + ph - (int) Math.round(ph * t / 4.0);
            int x = left + (int) Math.round(pw * t / 4.0);
            s.append(text(left - 4, y + 4, String.format(Locale.ROOT, "%.2f", fy), "end"));
            s.append(text(x, top + ph + 14, String.format(Locale.ROOT, xMax >= 4 ? "%.0f" : "%.2f", fx), "middle"));
        }
        if (diagonal) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>",
                    left, top + ph, left + pw, top + ph - (int) Math.round(ph * Math.min(1, xMax / yMax))));
        }
        for (int i = 0; i < series.size(); i++) {
            StringBuilder pts = new StringBuilder();
            String colour = COLOURS[i % COLOURS.length];
            for (double[] p : series.get(i)) {
                if (Double.isNaN(p[1])) continue;
                double x = left + pw * p[0] / xMax, y = top + ph - ph * Math.min(p[1], yMax) / yMax;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", x, y, colour));
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" points=\"").append(pts).append("\"/>");
            int ly = top + ph + 30 + 16 * i;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", left, ly - 9, colour));
            s.append(text(left + 14, ly, names.get(i), "start"));
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder svgStart(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\" role=\"img\">", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-weight=\"bold\" font-size=\"13\">%s</text>", esc(title)));
        return s;
    }

    private static String text(double x, double y, String text, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, esc(text));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
