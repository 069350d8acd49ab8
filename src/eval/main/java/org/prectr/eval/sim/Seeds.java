package org.prectr.eval.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives independent, reproducible random streams and ids from the run seed, so that a user's
 * draws do not depend on how many draws other users made (adding users keeps the first ones).
 */
final class Seeds {
    private Seeds() {}

    /** A random stream for (seed, purpose, index). */
    static SplittableRandom stream(long seed, String purpose, long index) {
        long h = mix(seed);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return new SplittableRandom(mix(h ^ mix(index + 0x9E3779B97F4A7C15L)));
    }

    /** A deterministic UUID for (seed, purpose, index). */
    static UUID uuid(long seed, String purpose, long index) {
        return UUID.nameUUIDFromBytes((seed + ":" + purpose + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
