package org.prectr.core.bundle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BundleNamesTests {

    @Test
    public void acceptsValidNames() {
        for (String name : new String[] {"esci-v2", "a", "0", "model_1.2", "a".repeat(64)}) {
            assertTrue(name, BundleNames.isValid(name));
            assertEquals(name, BundleNames.validate("model", name));
        }
    }

    @Test
    public void refusesNamesThatCouldLeaveTheModelFolder() {
        for (String name : new String[] {"..", "../etc", "a/b", "a\\b", "/abs", "a..b", ".hidden", "-x", "Upper",
            "a b", "", "a".repeat(65), "é"}) {
            assertFalse(name, BundleNames.isValid(name));
        }
        assertFalse(BundleNames.isValid(null));
    }

    @Test
    public void messageNamesTheFieldAndBracketsTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BundleNames.validate("model", "../etc"));
        assertEquals("[model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [../etc]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BundleNames.validate("model", "a..b"));
        assertEquals("[model] must match [[a-z0-9][a-z0-9._-]{0,63}] without [..] but was [a..b]", e.getMessage());
    }
}
