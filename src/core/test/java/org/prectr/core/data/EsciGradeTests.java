package org.prectr.core.data;

import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

public class EsciGradeTests {

    @Test
    public void esciRatingsMapToGradesAndBack() {
        assertSame(EsciGrade.EXACT, EsciGrade.fromRating("100.000"));
        assertSame(EsciGrade.SUBSTITUTE, EsciGrade.fromRating("10"));
        assertSame(EsciGrade.COMPLEMENT, EsciGrade.fromRating("1.0"));
        assertSame(EsciGrade.IRRELEVANT, EsciGrade.fromRating(" 0.000 "));
        for (EsciGrade g : EsciGrade.values()) {
            assertSame(g, EsciGrade.fromRating(g.rating()));
            assertSame(g, EsciGrade.of(g.grade()));
        }
        assertEquals("100.000", EsciGrade.EXACT.rating());
    }

    /** The evaluation used to read an ordinal 2 or 3 as a grade while the trainer refused it: both refuse now. */
    @Test
    public void ordinalTwoAndThreeAndOtherNumbersAreRefused() {
        for (String bad : new String[] {"2", "3", "3.0", "50", "-1", "E", "", "NaN"}) {
            assertEquals("[rating] must be one of [100, 10, 1, 0] but was [" + bad + "]",
                assertThrows(IllegalArgumentException.class, () -> EsciGrade.fromRating(bad)).getMessage());
        }
        assertEquals("[rating] must be one of [100, 10, 1, 0] but was [null]",
            assertThrows(IllegalArgumentException.class, () -> EsciGrade.fromRating(null)).getMessage());
    }

    /** The trainer's validation NDCG used to give a bad grade gain 0 where stage 0 threw: one rule, it throws. */
    @Test
    public void gainsAndLettersRefuseGradesOutsideTheScale() {
        assertEquals(1.0, EsciGrade.gain(3), 0);
        assertEquals(0.1, EsciGrade.gain(2), 0);
        assertEquals(0.01, EsciGrade.gain(1), 0);
        assertEquals(0.0, EsciGrade.gain(0), 0);
        assertEquals(3.0, EsciGrade.exponentialGain(2), 0);
        assertEquals("E", EsciGrade.letter(3));
        assertEquals("I", EsciGrade.letter(0));
        for (int bad : new int[] {-1, 4}) {
            assertEquals("[grade] must be in [0, 3] but was [" + bad + "]",
                assertThrows(IllegalArgumentException.class, () -> EsciGrade.gain(bad)).getMessage());
        }
    }

    @Test
    public void gainTableIsEsciForFourGradesAndNormalisedExponentialOtherwise() {
        assertArrayEquals(new float[] {0f, 0.01f, 0.1f, 1f}, EsciGrade.gains(4), 0f);
        assertArrayEquals(new float[] {0f, 1 / 3f, 1f}, EsciGrade.gains(3), 1e-7f);
        assertArrayEquals(new float[] {0f, 1f}, EsciGrade.gains(2), 0f);
        assertEquals("[grades] must be at least [2] but was [1]",
            assertThrows(IllegalArgumentException.class, () -> EsciGrade.gains(1)).getMessage());
    }
}
