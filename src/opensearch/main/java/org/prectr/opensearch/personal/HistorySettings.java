package org.prectr.opensearch.personal;

import java.util.List;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.prectr.opensearch.PrectrSettings;

/**
 * The {@code index.prectr.history.*} settings of the searched index, read once per request.
 *
 * @param enabled whether a request with only {@code user.id} reads the user's clicks
 * @param eventsIndex the UBI events index
 * @param queriesIndex the UBI queries index
 * @param maxEntries most clicks read
 * @param maxAge oldest click read
 * @param actions the {@code action_name}s that count as clicks
 */
public record HistorySettings(boolean enabled, String eventsIndex, String queriesIndex, int maxEntries, TimeValue maxAge,
                              List<String> actions) {

    /**
     * @param indexSettings the searched index's settings
     * @return its history settings
     */
    public static HistorySettings of(Settings indexSettings) {
        return new HistorySettings(PrectrSettings.HISTORY_ENABLED.get(indexSettings), PrectrSettings.HISTORY_EVENTS_INDEX.get(indexSettings),
            PrectrSettings.HISTORY_QUERIES_INDEX.get(indexSettings), PrectrSettings.HISTORY_MAX_ENTRIES.get(indexSettings),
            PrectrSettings.HISTORY_MAX_AGE.get(indexSettings), PrectrSettings.HISTORY_ACTIONS.get(indexSettings));
    }
}
