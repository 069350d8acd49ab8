package org.prectr.opensearch.breaker;

import java.util.concurrent.atomic.AtomicBoolean;
import org.opensearch.common.lease.Releasable;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.common.breaker.CircuitBreakingException;
import org.opensearch.core.common.breaker.NoopCircuitBreaker;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.indices.breaker.BreakerSettings;

/**
 * The plugin's own circuit breaker, {@code prectr}: it accounts the estimated native memory of loaded
 * bundles, uploaded or from a folder (their unpacked file sizes, reserved by
 * {@link org.prectr.opensearch.shard.LoadedBundles#load} and held until the bundle closes: ONNX Runtime keeps the graphs' weights in native memory,
 * and the vocabulary and tables sit on the heap) and the per-request buffers of a rescore (window rows x
 * (features + embedding + outputs) floats). A load or request that would pass the limit is refused with
 * a {@link CircuitBreakingException} (HTTP 429) naming the model, the bytes asked for and the limit.
 *
 * <p>Registered through {@code CircuitBreakerPlugin}; OpenSearch creates the breaker and hands it back
 * with {@link #set}. Until then (and in unit tests) a no-op breaker accounts nothing.
 */
public final class PrectrBreaker {

    /** The breaker's name in {@code _nodes/stats/breaker}. */
    public static final String NAME = "prectr";

    /** The breaker's limit. Native memory is not heap, so the default is absolute rather than a share of the heap. */
    public static final Setting<ByteSizeValue> LIMIT = Setting.memorySizeSetting("prectr.breaker.limit", "1gb", Property.NodeScope);

    private volatile CircuitBreaker breaker = new NoopCircuitBreaker(NAME);

    /**
     * @param settings the node's settings
     * @return what OpenSearch needs to create the breaker
     */
    public static BreakerSettings settings(Settings settings) {
        return new BreakerSettings(NAME, LIMIT.get(settings).getBytes(), 1.0, CircuitBreaker.Type.MEMORY,
            CircuitBreaker.Durability.TRANSIENT);
    }

    /**
     * @param created the breaker OpenSearch created from {@link #settings}
     */
    public void set(CircuitBreaker created) {
        this.breaker = created;
    }

    /** @return the breaker */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Reserves bytes, or refuses.
     *
     * @param bytes the estimate
     * @param label what they are for, shown in the refusal (e.g. {@code prectr model [esci-v2]})
     * @return releases the bytes once, when closed
     * @throws CircuitBreakingException (429) when the reservation would pass the limit
     */
    public Releasable reserve(long bytes, String label) {
        CircuitBreaker target = breaker;
        target.addEstimateBytesAndMaybeBreak(bytes, label);
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                target.addWithoutBreaking(-bytes);
            }
        };
    }
}
