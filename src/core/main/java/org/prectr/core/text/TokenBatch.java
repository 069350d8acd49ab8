package org.prectr.core.text;

/**
 * A batch of token sequences ready for an encoder graph: row-major [rows, length] int64 ids and
 * attention mask (1 = token, 0 = padding). Rows are padded with [PAD] to the longest row.
 *
 * @param inputIds row-major token ids, {@code rows * length} long
 * @param attentionMask row-major mask, {@code rows * length} long
 * @param rows the number of sequences
 * @param length the padded sequence length
 */
public record TokenBatch(long[] inputIds, long[] attentionMask, int rows, int length) {

    /** Checks that the arrays hold rows x length values. */
    public TokenBatch {
        if (rows < 0 || length < 0 || inputIds.length != (long) rows * length
            || attentionMask.length != inputIds.length) {
            throw new IllegalArgumentException("[token_batch] must hold [" + rows + " x " + length
                + "] ids and mask values but had [" + inputIds.length + "] and [" + attentionMask.length + "]");
        }
    }

    /**
     * @param row a row
     * @return the number of real (non-padding) tokens in that row
     */
    public int tokenCount(int row) {
        int count = 0;
        for (int i = 0; i < length; i++) {
            count += (int) attentionMask[row * length + i];
        }
        return count;
    }
}
