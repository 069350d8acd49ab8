package org.prectr.benchmarks.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options of the load tools, checked against the names a tool
 * knows so that a typo is an error rather than a silently ignored flag.
 */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, Set<String> known) {
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option [" + name + "]; known: " + known);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option [" + name + "] needs a value");
            }
            values.put(name.substring(2), args[i + 1]);
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("option [--" + name + "] is required");
        }
        return value;
    }

    long number(String name, long fallback, long min) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[--" + name + "] must be an integer but was [" + raw + "]", e);
        }
        if (value < min) {
            throw new IllegalArgumentException("[--" + name + "] must be at least [" + min + "] but was [" + raw + "]");
        }
        return value;
    }
}
