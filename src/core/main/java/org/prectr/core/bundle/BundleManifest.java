package org.prectr.core.bundle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's manifest.json as an immutable record tree (format version 1, see docs/bundle.md). The
 * record holds what the file says; {@link BundleManifestJson#read} also checks the rules that need
 * no other file, and {@link ModelBundle#load} the rest.
 *
 * @param formatVersion always 1
 * @param name the bundle name, equal to its folder name
 * @param version free-form, non-empty model version
 * @param seed the training seed
 * @param grades the k relevance grade names, lowest first
 * @param tokenizer the tokenizer and vocabulary
 * @param itemTextFields the logical document fields joined (with one space) into the item text
 * @param embeddingDim D, the encoders' output size
 * @param graphs the three ONNX graphs
 * @param features the ordered scorer features
 * @param userPreference how r_u(q) is built
 * @param queryPreferences the V2 cross-user table, or null for a V1 bundle
 * @param training free-form record of the training run (not read by the plugin), or null
 */
public record BundleManifest(int formatVersion, String name, String version, long seed, List<String> grades,
                             TokenizerSpec tokenizer, List<String> itemTextFields, int embeddingDim,
                             GraphsSpec graphs, List<FeatureSpec> features, UserPreferenceSpec userPreference,
                             QueryPreferenceSpec queryPreferences, Map<String, Object> training) {

    /** The only format version this code reads. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest's file name inside a bundle folder. */
    public static final String FILE = "manifest.json";

    /** Copies the collections so the record is immutable (nulls stay null for validation to report). */
    public BundleManifest {
        grades = grades == null ? null : Collections.unmodifiableList(new ArrayList<>(grades));
        itemTextFields = itemTextFields == null ? null : Collections.unmodifiableList(new ArrayList<>(itemTextFields));
        features = features == null ? null : Collections.unmodifiableList(new ArrayList<>(features));
        training = training == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }

    /** @return k, the number of relevance grades */
    public int gradeCount() {
        return grades.size();
    }
}
