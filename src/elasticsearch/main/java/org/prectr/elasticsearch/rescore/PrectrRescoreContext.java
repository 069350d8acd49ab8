package org.prectr.elasticsearch.rescore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.fielddata.IndexNumericFieldData;
import org.elasticsearch.index.mapper.BooleanFieldMapper;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.mapper.NumberFieldMapper;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.search.lookup.SearchLookup;
import org.elasticsearch.search.rescore.RescoreContext;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.UserContext;
import org.prectr.core.rescore.RequestRules;
import org.prectr.elasticsearch.PrectrSettings;
import org.prectr.elasticsearch.shard.PrectrServices;

/**
 * A {@code prectr} rescore resolved on one shard: the loaded bundle, the index's settings and where
 * each logical document field of the bundle lives in this index. Built once per shard request by
 * {@link PrectrRescorerBuilder}; read by the stateless {@link PrectrRescorer}. The checks and their
 * messages are the core's {@link RequestRules}, shared with the OpenSearch plugin.
 */
public final class PrectrRescoreContext extends RescoreContext {

    private final PrectrRescorerBuilder request;
    private final String modelName;
    private final ModelBundle bundle;
    private final UserContext user;
    private final PrectrServices services;
    private final List<NumericColumn> numericColumns;
    private final List<KeywordColumn> keywordColumns;
    private final List<String> textFields;
    private final SearchLookup lookup;

    private PrectrRescoreContext(int windowSize, PrectrRescorerBuilder request, String modelName, ModelBundle bundle,
                                 PrectrServices services, List<NumericColumn> numericColumns, List<KeywordColumn> keywordColumns,
                                 List<String> textFields, SearchLookup lookup) {
        super(windowSize, PrectrRescorer.INSTANCE);
        this.request = request;
        this.modelName = modelName;
        this.bundle = bundle;
        this.user = request.user() == null ? UserContext.anonymous() : request.user().toCore();
        this.services = services;
        this.numericColumns = List.copyOf(numericColumns);
        this.keywordColumns = List.copyOf(keywordColumns);
        this.textFields = List.copyOf(textFields);
        this.lookup = lookup;
    }

    /**
     * Resolves a request on a shard.
     *
     * @param windowSize the rescore window
     * @param request the request
     * @param shard the shard's search context (settings, mappings, field data, _source)
     * @param services the node's services
     * @return the context
     * @throws IllegalArgumentException (400) naming the field and value when the request does not fit this index
     */
    static PrectrRescoreContext build(int windowSize, PrectrRescorerBuilder request, SearchExecutionContext shard,
                                      PrectrServices services) {
        Settings settings = shard.getIndexSettings().getSettings();
        String index = shard.index().getName();
        RequestRules.checkWindowSize(windowSize, PrectrSettings.MAX_WINDOW_SIZE.get(settings), PrectrSettings.MAX_WINDOW_SIZE.getKey(),
            index);
        String modelName = RequestRules.resolveModel(request.model(), PrectrSettings.MODEL.get(settings), PrectrSettings.MODEL.getKey(),
            index);
        ModelBundle bundle = services.bundles().acquire(modelName);
        if (request.user() != null) {
            RequestRules.checkHistoryGrades(request.user().grades(), bundle.manifest().gradeCount());
        }

        FeatureSchema schema = bundle.schema();
        Function<String, String> mapped = PrectrSettings.fieldMapping(settings);
        List<NumericColumn> numeric = new ArrayList<>();
        for (String logical : schema.numericFields()) {
            MappedFieldType type = fieldType(shard, index, logical, mapped.apply(logical));
            if (isNumber(type) == false && isBoolean(type) == false) {
                throw RequestRules.notNumeric(modelName, logical, index, type.name(), type.typeName());
            }
            numeric.add(new NumericColumn(logical, numbers(shard, type)));
        }
        List<KeywordColumn> keyword = new ArrayList<>();
        for (String logical : schema.keywordFields()) {
            MappedFieldType type = fieldType(shard, index, logical, mapped.apply(logical));
            KeywordColumn.Kind kind = isBoolean(type) ? KeywordColumn.Kind.BOOLEAN
                : isNumber(type) ? KeywordColumn.Kind.NUMBER : KeywordColumn.Kind.SORTED_SET;
            keyword.add(new KeywordColumn(logical, type.name(), kind, kind == KeywordColumn.Kind.NUMBER ? numbers(shard, type) : null));
        }
        // The first item text field is the index's text_field unless index.prectr.fields.<name> maps it.
        List<String> text = new ArrayList<>();
        List<String> logicalText = schema.textFields();
        Map<String, String> explicit = PrectrSettings.FIELDS.getAsMap(settings);
        for (int i = 0; i < logicalText.size(); i++) {
            String logical = logicalText.get(i);
            text.add(explicit.getOrDefault(logical, i == 0 ? PrectrSettings.TEXT_FIELD.get(settings) : logical));
        }
        return new PrectrRescoreContext(windowSize, request, modelName, bundle, services, numeric, keyword, text, shard.lookup());
    }

    private static boolean isNumber(MappedFieldType type) {
        return type instanceof NumberFieldMapper.NumberFieldType;
    }

    private static boolean isBoolean(MappedFieldType type) {
        return type instanceof BooleanFieldMapper.BooleanFieldType;
    }

    private static IndexNumericFieldData numbers(SearchExecutionContext shard, MappedFieldType type) {
        return (IndexNumericFieldData) shard.getForField(type, MappedFieldType.FielddataOperation.SEARCH);
    }

    private static MappedFieldType fieldType(SearchExecutionContext shard, String index, String logical, String field) {
        MappedFieldType type = shard.isFieldMapped(field) ? shard.getFieldType(field) : null;
        if (type == null) {
            throw RequestRules.unmappedField(logical, index, field);
        }
        if (type.hasDocValues() == false) {
            throw RequestRules.noDocValues(logical, index, field);
        }
        return type;
    }

    /** @return the request */
    public PrectrRescorerBuilder request() {
        return request;
    }

    /** @return the served bundle's name */
    public String modelName() {
        return modelName;
    }

    /** @return the served bundle (owned by the registry) */
    public ModelBundle bundle() {
        return bundle;
    }

    /** @return the request's user, as the core sees it */
    public UserContext user() {
        return user;
    }

    /** @return the node's services */
    PrectrServices services() {
        return services;
    }

    /** @return the numeric columns to read */
    List<NumericColumn> numericColumns() {
        return numericColumns;
    }

    /** @return the keyword columns to read */
    List<KeywordColumn> keywordColumns() {
        return keywordColumns;
    }

    /** @return the {@code _source} paths joined into the item text */
    List<String> textFields() {
        return textFields;
    }

    /** @return the shard's lookup, which reads {@code _source} */
    SearchLookup lookup() {
        return lookup;
    }

    /**
     * A numeric document field: logical name and its field data.
     *
     * @param logical the bundle's field name
     * @param data the index field's numeric field data
     */
    record NumericColumn(String logical, IndexNumericFieldData data) {
    }

    /**
     * A keyword document field: logical name, index field and how its doc values are read.
     *
     * @param logical the bundle's field name
     * @param field the index field
     * @param kind how to read it
     * @param numbers field data when {@code kind} is NUMBER
     */
    record KeywordColumn(String logical, String field, Kind kind, IndexNumericFieldData numbers) {
        /** How a keyword column is read. */
        enum Kind { SORTED_SET, BOOLEAN, NUMBER }
    }
}
