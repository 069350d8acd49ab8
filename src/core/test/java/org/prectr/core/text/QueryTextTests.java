package org.prectr.core.text;

import org.junit.Test;
import org.prectr.core.features.QueryPreferenceTable;

import static org.junit.Assert.assertEquals;

public class QueryTextTests {

    @Test
    public void lowerCaseTrimmedSingleSpaced() {
        assertEquals("red shoe", QueryText.normalise("  Red \t\n SHOE "));
        assertEquals("", QueryText.normalise("   "));
        // root locale: the Turkish dotted I lowers the same on every machine
        assertEquals("istanbul", QueryText.normalise("ISTANBUL"));
    }

    @Test
    public void theBundlesPreferenceTableUsesTheSameRule() {
        for (String q : new String[] {"Red  Shoe", " ps4 ", "ISTANBUL\tGuide"}) {
            assertEquals(QueryText.normalise(q), QueryPreferenceTable.normalise(q));
        }
    }
}
