package org.prectr.opensearch.rescore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.fielddata.IndexNumericFieldData;
import org.opensearch.index.mapper.BooleanFieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.NumberFieldMapper;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.rescore.RescoreContext;
import org.opensearch.tasks.CancellableTask;
import org.prectr.core.bundle.ModelBundle;
import org.prectr.core.features.FeatureSchema;
import org.prectr.core.features.UserContext;
import org.prectr.core.rescore.RequestRules;
import org.prectr.opensearch.PrectrSettings;
import org.prectr.opensearch.shard.PrectrServices;

/**
 * A {@code prectr} rescore resolved on one shard: the loaded bundle, the index's settings and where
 * each logical document field of the bundle lives in this index. Built once per shard request by
 * {@link PrectrRescorerBuilder}; read by the stateless {@link PrectrRescorer}.
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
    private final String embeddingField;
    /** Set by {@link PrectrSearchListener} before the query phase when the search has a timeout. */
    private volatile SearchDeadline deadline;
    /** Set by {@link PrectrSearchListener}: the shard's search task, whose cancellation stops the rescore. */
    private volatile CancellableTask task;
    /**
     * Set by {@link PrectrSearchListener}: whether the search asks for {@code explain}. Only then is the
     * scored window kept for the fetch phase; true until the listener says otherwise (unit tests).
     */
    private volatile boolean explain = true;

    private PrectrRescoreContext(int windowSize, PrectrRescorerBuilder request, String modelName, ModelBundle bundle,
                                 PrectrServices services, List<NumericColumn> numericColumns, List<KeywordColumn> keywordColumns,
                                 List<String> textFields, String embeddingField) {
        super(windowSize, PrectrRescorer.INSTANCE);
        this.request = request;
        this.modelName = modelName;
        this.bundle = bundle;
        this.user = request.user() == null ? UserContext.anonymous() : request.user().toCore();
        this.services = services;
        this.numericColumns = List.copyOf(numericColumns);
        this.keywordColumns = List.copyOf(keywordColumns);
        this.textFields = List.copyOf(textFields);
        this.embeddingField = embeddingField;
    }

    /**
     * Resolves a request on a shard.
     *
     * @param windowSize the rescore window
     * @param request the request
     * @param shard the shard's query context (settings, mappings, field data)
     * @param services the node's services
     * @return the context
     * @throws IllegalArgumentException (400) naming the field and value when the request does not fit this index
     */
    static PrectrRescoreContext build(int windowSize, PrectrRescorerBuilder request, QueryShardContext shard, PrectrServices services) {
        Settings settings = shard.getIndexSettings().getSettings();
        String index = shard.index().getName();
        int maxWindow = PrectrSettings.MAX_WINDOW_SIZE.get(settings);
        RequestRules.checkWindowSize(windowSize, maxWindow, PrectrSettings.MAX_WINDOW_SIZE.getKey(), index);
        String modelName = RequestRules.resolveModel(request.model(), PrectrSettings.MODEL.get(settings),
            PrectrSettings.MODEL.getKey(), index);
        ModelBundle bundle = services.bundles().acquire(modelName);
        checkHistoryGrades(request, bundle.manifest().gradeCount());

        FeatureSchema schema = bundle.schema();
        Function<String, String> mapped = PrectrSettings.fieldMapping(settings);
        String textField = PrectrSettings.TEXT_FIELD.get(settings);
        List<NumericColumn> numeric = new ArrayList<>();
        for (String logical : schema.numericFields()) {
            MappedFieldType type = fieldType(shard, index, logical, mapped.apply(logical));
            if (type instanceof NumberFieldMapper.NumberFieldType == false && type instanceof BooleanFieldMapper.BooleanFieldType == false) {
                throw RequestRules.notNumeric(modelName, logical, index, type.name(), type.typeName());
            }
            numeric.add(new NumericColumn(logical, (IndexNumericFieldData) shard.getForField(type)));
        }
        List<KeywordColumn> keyword = new ArrayList<>();
        for (String logical : schema.keywordFields()) {
            MappedFieldType type = fieldType(shard, index, logical, mapped.apply(logical));
            KeywordColumn.Kind kind = type instanceof BooleanFieldMapper.BooleanFieldType ? KeywordColumn.Kind.BOOLEAN
                : type instanceof NumberFieldMapper.NumberFieldType ? KeywordColumn.Kind.NUMBER : KeywordColumn.Kind.SORTED_SET;
            keyword.add(new KeywordColumn(logical, type.name(), kind,
                kind == KeywordColumn.Kind.NUMBER ? (IndexNumericFieldData) shard.getForField(type) : null));
        }
        // The first item text field is the index's text_field unless index.prectr.fields.<name> maps it.
        List<String> text = new ArrayList<>();
        List<String> logicalText = schema.textFields();
        java.util.Map<String, String> explicit = PrectrSettings.FIELDS.getAsMap(settings);
        for (int i = 0; i < logicalText.size(); i++) {
            String logical = logicalText.get(i);
            String field = explicit.get(logical); // empty: no override
            text.add(field == null || field.isEmpty() ? (i == 0 ? textField : logical) : field);
        }
        String embedding = PrectrSettings.EMBEDDING_FIELD.get(settings);
        if (embedding.isEmpty() == false) {
            MappedFieldType type = shard.fieldMapper(embedding);
            if (type == null || type.hasDocValues() == false || "binary".equals(type.typeName()) == false) {
                throw new IllegalArgumentException("[" + PrectrSettings.EMBEDDING_FIELD.getKey() + "] must name a [binary] field with "
                    + "doc values in index [" + index + "] but was [" + embedding + "]");
            }
        }
        return new PrectrRescoreContext(windowSize, request, modelName, bundle, services, numeric, keyword, text,
            embedding.isEmpty() ? null : embedding);
    }

    private static MappedFieldType fieldType(QueryShardContext shard, String index, String logical, String field) {
        MappedFieldType type = shard.fieldMapper(field);
        if (type == null) {
            throw RequestRules.unmappedField(logical, index, field);
        }
        if (type.hasDocValues() == false) {
            throw RequestRules.noDocValues(logical, index, field);
        }
        return type;
    }

    /**
     * The bundle's k is known only once the bundle is, so the grade's upper bound is checked here
     * (docs/request.md): on the coordinating node when it prepares the request, and on each shard.
     *
     * @param request the request
     * @param grades the bundle's k
     * @throws IllegalArgumentException {@code [prectr] [user.history[0].grade] must be in [0, 4) but was [4]}
     */
    public static void checkHistoryGrades(PrectrRescorerBuilder request, int grades) {
        if (request.user() == null) {
            return;
        }
        RequestRules.checkHistoryGrades(request.user().history().stream().map(RequestHistoryEntry::grade).toList(), grades);
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

    /** @return the binary embedding field, or null */
    String embeddingField() {
        return embeddingField;
    }

    /** @param deadline the search's timeout as the rescore must honour it */
    void deadline(SearchDeadline deadline) {
        this.deadline = deadline;
    }

    /** @return the search's deadline, or null when it has no timeout */
    SearchDeadline deadline() {
        return deadline;
    }

    /** @param task the shard's search task */
    void task(CancellableTask task) {
        this.task = task;
    }

    /** @return the shard's search task, or null outside a search (unit tests) */
    CancellableTask task() {
        return task;
    }

    /** @param explain whether the search asks for {@code explain} */
    void explain(boolean explain) {
        this.explain = explain;
    }

    /** @return whether the search asks for {@code explain} (true when unknown) */
    boolean explain() {
        return explain;
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
