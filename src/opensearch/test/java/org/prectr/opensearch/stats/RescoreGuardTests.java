package org.prectr.opensearch.stats;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;
import org.prectr.core.inference.InferenceException;

/** Errors are classified by type, never by message text. */
public class RescoreGuardTests extends OpenSearchTestCase {

    public void testAModelFailureIsClassifiedByItsCoreCauseWhateverTheMessage() {
        InferenceException cause = new InferenceException("[text_encoder.onnx] output [embedding] is NaN at row [0]");
        assertEquals(PrectrStats.ErrorKind.MODEL, RescoreGuard.kindOf(
            new OpenSearchStatusException("anything at all", RestStatus.INTERNAL_SERVER_ERROR, cause)));
        assertEquals(PrectrStats.ErrorKind.MODEL, RescoreGuard.kindOf(cause));
    }

    public void testARequestErrorIsNotAModelFailureEvenIfItsMessageLooksLikeOne() {
        assertEquals(PrectrStats.ErrorKind.BAD_REQUEST, RescoreGuard.kindOf(new IllegalArgumentException("[prectr] model bundle [x] failed")));
        assertEquals(PrectrStats.ErrorKind.OTHER, RescoreGuard.kindOf(
            new OpenSearchStatusException("[prectr] model bundle [x] failed", RestStatus.INTERNAL_SERVER_ERROR)));
    }
}
