package org.prectr.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A WordPiece vocabulary: token id i is the i-th token. Read from a bundle's {@code vocab.txt} (one
 * token per line) or from a HuggingFace {@code tokenizer.json}, so that the trainer can take the
 * vocabulary of a teacher model's jar and write it into the bundle unchanged.
 */
public final class Vocabulary {

    /** Padding token; id 0 in BERT vocabularies. */
    public static final String PAD = "[PAD]";
    /** Unknown-word token. */
    public static final String UNK = "[UNK]";
    /** Sequence start token. */
    public static final String CLS = "[CLS]";
    /** Sequence end token. */
    public static final String SEP = "[SEP]";

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("[vocabulary] token [" + i + "] must not be empty but was ["
                    + token + "]");
            }
            Integer previous = map.putIfAbsent(token, i);
            if (previous != null) {
                throw new IllegalArgumentException("[vocabulary] token [" + token + "] must be unique but has ids ["
                    + previous + "] and [" + i + "]");
            }
        }
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        this.ids = map;
    }

    /**
     * @param tokens the tokens in id order
     * @return the vocabulary
     * @throws IllegalArgumentException if a token is empty or repeated
     */
    public static Vocabulary of(List<String> tokens) {
        return new Vocabulary(tokens);
    }

    /**
     * Reads a {@code vocab.txt}: UTF-8, one token per line, the line number (from 0) being the id.
     *
     * @param file the vocabulary file
     * @return the vocabulary
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a token is empty or repeated
     */
    public static Vocabulary read(Path file) throws IOException {
        return new Vocabulary(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads the WordPiece vocabulary ({@code model.vocab}, token to id) of a HuggingFace
     * {@code tokenizer.json}.
     *
     * @param json the tokenizer.json content (not closed)
     * @return the vocabulary
     * @throws IOException if the stream cannot be read or parsed
     * @throws IllegalArgumentException if it has no WordPiece vocabulary or its ids are not 0..n-1
     */
    public static Vocabulary fromTokenizerJson(InputStream json) throws IOException {
        JsonNode model = new ObjectMapper().readTree(json).path("model");
        String type = model.path("type").asText("");
        JsonNode vocab = model.path("vocab");
        if ("WordPiece".equals(type) == false || vocab.isObject() == false) {
            throw new IllegalArgumentException("[model.type] must be [WordPiece] with a [model.vocab] object but was ["
                + type + "]");
        }
        String[] byId = new String[vocab.size()];
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            int id = entry.getValue().asInt(-1);
            if (id < 0 || id >= byId.length || byId[id] != null) {
                throw new IllegalArgumentException("[model.vocab." + entry.getKey() + "] must be a unique id in [0, "
                    + byId.length + ") but was [" + entry.getValue() + "]");
            }
            byId[id] = entry.getKey();
        }
        return new Vocabulary(Arrays.asList(byId));
    }

    /**
     * Writes the vocabulary as {@code vocab.txt}: UTF-8, one token per line, each line ending in {@code \n}.
     *
     * @param file the file to write (replaced if present)
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String token : tokens) {
                writer.write(token);
                writer.write('\n');
            }
        }
    }

    /** @return the number of tokens */
    public int size() {
        return tokens.size();
    }

    /**
     * @param token a token
     * @return its id, or -1 when the vocabulary does not contain it
     */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * @param token a token
     * @return whether the vocabulary contains it
     */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * @param id a token id in [0, size())
     * @return its token
     */
    public String token(int id) {
        return tokens.get(id);
    }

    /** @return the tokens in id order (unmodifiable) */
    public List<String> tokens() {
        return tokens;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokens.size() + " tokens]";
    }
}
