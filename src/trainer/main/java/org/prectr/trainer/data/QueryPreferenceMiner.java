package org.prectr.trainer.data;

import org.prectr.core.data.Judgments;
import org.prectr.core.features.QueryPreferenceEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mines PRECTR-V2's cross-user query preference r_cate(q): for every query, the share of clicks,
 * across all users, on items of each grade, from clicked impressions whose (query, item) pair is
 * judged. A query needs at least {@code minClicks} graded clicks to get an entry (a histogram of one
 * click says little); queries are normalised with {@link QueryText}, the table's lookup rule.
 */
public final class QueryPreferenceMiner {

    private QueryPreferenceMiner() {}

    /**
     * @param impressions logged impressions (only clicked ones count)
     * @param judgments grades of (query, item) pairs; clicks on ungraded pairs are ignored
     * @param grades k
     * @param minClicks the fewest graded clicks for an entry, at least 1
     * @return entries in first-seen query order
     */
    public static List<QueryPreferenceEntry> mine(List<Impression> impressions, Judgments judgments, int grades,
                                                  int minClicks) {
        if (minClicks < 1) {
            throw new IllegalArgumentException("[min_clicks] must be at least [1] but was [" + minClicks + "]");
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Impression i : impressions) {
            if (!i.clicked()) {
                continue;
            }
            int g = judgments.grade(i.query(), i.item());
            if (g >= 0 && g < grades) {
                counts.computeIfAbsent(i.query(), q -> new long[grades])[g]++;
            }
        }
        List<QueryPreferenceEntry> entries = new ArrayList<>();
        counts.forEach((query, c) -> {
            long total = 0;
            for (long v : c) {
                total += v;
            }
            if (total >= minClicks) {
                float[] histogram = new float[grades];
                for (int g = 0; g < grades; g++) {
                    histogram[g] = (float) ((double) c[g] / total);
                }
                entries.add(new QueryPreferenceEntry(query, histogram, total));
            }
        });
        return List.copyOf(entries);
    }
}
