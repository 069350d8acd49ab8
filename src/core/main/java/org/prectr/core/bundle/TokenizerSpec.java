package org.prectr.core.bundle;

/**
 * The manifest's {@code tokenizer} object: which WordPiece vocabulary the encoders were trained with,
 * its SHA-256 (so a swapped vocabulary is refused at load time) and the max sequence lengths.
 *
 * @param type always {@code wordpiece} in format version 1
 * @param vocabulary the bundle-relative vocabulary file
 * @param vocabularySha256 lower-case hex SHA-256 of the vocabulary file's bytes
 * @param lowercase whether text is lower-cased and accent-stripped (BERT uncased)
 * @param queryMaxLength max tokens of a query, [CLS] and [SEP] included
 * @param itemMaxLength max tokens of an item text, [CLS] and [SEP] included
 */
public record TokenizerSpec(String type, String vocabulary, String vocabularySha256, boolean lowercase,
                            int queryMaxLength, int itemMaxLength) {

    /** The only tokenizer type of format version 1. */
    public static final String WORDPIECE = "wordpiece";
}
