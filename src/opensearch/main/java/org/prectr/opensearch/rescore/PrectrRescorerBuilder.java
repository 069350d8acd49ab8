package org.prectr.opensearch.rescore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.lucene.util.SetOnce;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryCoordinatorContext;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.rescore.RescoreContext;
import org.opensearch.search.rescore.RescorerBuilder;
import org.prectr.core.rescore.RequestRules;
import org.prectr.core.rescore.ScoreMode;
import org.prectr.core.text.TextBounds;
import org.prectr.opensearch.personal.RequestPreparer;
import org.prectr.opensearch.shard.PrectrServices;

/**
 * The {@code prectr} rescore request (docs/request.md): which bundle, the query text, the user and how
 * the model score combines with the first-phase score. Parsing is pure (no bundle is touched here);
 * every bound is checked in the constructor so a bad request is a 400 naming the field and value.
 *
 * <p>Its {@link #rewrite} does the per-request work once, on the coordinating node and asynchronously
 * (the Elasticsearch LTR pattern): {@link RequestPreparer} loads the bundle, reads the user's history,
 * encodes the query and the history queries, infers the history grades and computes r_u(q) and
 * r_cate(q); the rewritten builder carries the result ({@link PreparedRequest}) to the shards on the
 * wire, so a shard only reads its window and runs the scorer.
 *
 * <p>The node's {@link PrectrServices} travel beside the request but are not part of it: they are
 * bound by the parser and the wire reader that the plugin registers, or by the plugin's search filter
 * for builders made in Java, and never enter equality, XContent or the wire.
 */
public class PrectrRescorerBuilder extends RescorerBuilder<PrectrRescorerBuilder> {

    /** The rescorer's name in requests. */
    public static final String NAME = "prectr";
    /** Longest {@code query_text}. */
    public static final int MAX_QUERY_TEXT_LENGTH = RequestRules.MAX_QUERY_TEXT_LENGTH;
    /** Most {@code user.history} entries. */
    public static final int MAX_HISTORY = RequestUser.MAX_HISTORY;

    static final ParseField MODEL = new ParseField("model");
    static final ParseField QUERY_TEXT = new ParseField("query_text");
    static final ParseField USER = new ParseField("user");
    static final ParseField SCORE_MODE = new ParseField("score_mode");
    static final ParseField QUERY_WEIGHT = new ParseField("query_weight");
    static final ParseField RESCORE_WEIGHT = new ParseField("rescore_weight");

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);
    private static final ObjectParser<ParsedUser, Void> USER_PARSER = new ObjectParser<>("user", ParsedUser::new);
    private static final ObjectParser<ParsedHistory, Void> HISTORY_PARSER = new ObjectParser<>("history", ParsedHistory::new);

    static {
        PARSER.declareString((p, v) -> p.model = v, MODEL);
        PARSER.declareString((p, v) -> p.queryText = v, QUERY_TEXT);
        PARSER.declareObject((p, v) -> p.user = v, USER_PARSER, USER);
        PARSER.declareString((p, v) -> p.scoreMode = v, SCORE_MODE);
        PARSER.declareFloat((p, v) -> p.queryWeight = v, QUERY_WEIGHT);
        PARSER.declareFloat((p, v) -> p.rescoreWeight = v, RESCORE_WEIGHT);
        USER_PARSER.declareString((u, v) -> u.id = v, new ParseField("id"));
        USER_PARSER.declareObject((u, v) -> u.features = v, (p, c) -> p.map(), new ParseField("features"));
        USER_PARSER.declareObjectArray((u, v) -> u.history = v, HISTORY_PARSER, new ParseField("history"));
        HISTORY_PARSER.declareString((h, v) -> h.query = v, new ParseField("query"));
        HISTORY_PARSER.declareString((h, v) -> h.item = v, new ParseField("item"));
        // an integer, not truncated: 3.5 is refused, not read as 3
        HISTORY_PARSER.declareField((h, v) -> h.grade = v, p -> TextBounds.requireInt("[prectr] [user.history.grade]",
            p.currentToken() == XContentParser.Token.VALUE_NUMBER ? p.numberValue() : p.text()), new ParseField("grade"),
            org.opensearch.core.xcontent.ObjectParser.ValueType.INT);
        HISTORY_PARSER.declareBoolean((h, v) -> h.clicked = v, new ParseField("clicked"));
    }

    private final String model;
    private final String queryText;
    private final RequestUser user;
    private final ScoreMode scoreMode;
    private final float queryWeight;
    private final float rescoreWeight;
    /** The coordinating node's per-request work, or null before the rewrite (part of the request on the wire). */
    private final PreparedRequest prepared;
    /** Node-local, not part of the request. */
    private final PrectrServices services;
    /** Node-local: the coordinator's work in flight during the rewrite, or null. */
    private final Supplier<PreparedRequest> pending;

    /**
     * @param model the bundle name, or null for the index's {@code index.prectr.model}
     * @param queryText the query text the model reads
     * @param user the user, or null for an anonymous one
     * @param scoreMode how the scores combine, or null for {@code replace}
     * @param queryWeight the first-phase score's weight
     * @param rescoreWeight the model score's weight
     * @throws IllegalArgumentException naming the first bad field and its value
     */
    public PrectrRescorerBuilder(String model, String queryText, RequestUser user, ScoreMode scoreMode, float queryWeight,
                                 float rescoreWeight) {
        this(model, queryText, user, scoreMode, queryWeight, rescoreWeight, null, null, null);
    }

    private PrectrRescorerBuilder(String model, String queryText, RequestUser user, ScoreMode scoreMode, float queryWeight,
                                  float rescoreWeight, PrectrServices services, PreparedRequest prepared,
                                  Supplier<PreparedRequest> pending) {
        RequestRules.checkModel(model);
        RequestRules.checkQueryText(queryText);
        RequestRules.checkFinite(QUERY_WEIGHT.getPreferredName(), queryWeight);
        RequestRules.checkFinite(RESCORE_WEIGHT.getPreferredName(), rescoreWeight);
        this.model = model;
        this.queryText = queryText;
        this.user = user;
        this.scoreMode = scoreMode == null ? ScoreMode.REPLACE : scoreMode;
        this.queryWeight = queryWeight;
        this.rescoreWeight = rescoreWeight;
        this.services = services;
        this.prepared = prepared;
        this.pending = pending;
    }

    /**
     * Reads a request written by {@link #doWriteTo}, bound to this node's services.
     *
     * @param in the stream
     * @param services the node's services, or null
     * @throws IOException on a stream failure
     */
    public PrectrRescorerBuilder(StreamInput in, PrectrServices services) throws IOException {
        super(in);
        this.model = in.readOptionalString();
        this.queryText = in.readString();
        this.user = in.readOptionalWriteable(RequestUser::new);
        this.scoreMode = in.readEnum(ScoreMode.class);
        this.queryWeight = in.readFloat();
        this.rescoreWeight = in.readFloat();
        this.prepared = in.readOptionalWriteable(PreparedRequest::new);
        this.services = services;
        this.pending = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeOptionalString(model);
        out.writeString(queryText);
        out.writeOptionalWriteable(user);
        out.writeEnum(scoreMode);
        out.writeFloat(queryWeight);
        out.writeFloat(rescoreWeight);
        out.writeOptionalWriteable(prepared);
    }

    /**
     * Parses the body of {@code "prectr": {...}}.
     *
     * @param parser positioned on the body's start
     * @param services the node's services, or null
     * @return the request
     * @throws IOException on a parser failure
     * @throws IllegalArgumentException naming the first bad field and its value
     */
    public static PrectrRescorerBuilder fromXContent(XContentParser parser, PrectrServices services) throws IOException {
        Parsed parsed = PARSER.parse(parser, null);
        // Built outside the parser so that validation messages reach the caller unwrapped.
        RequestUser user = parsed.user == null ? null : parsed.user.build();
        ScoreMode mode = parsed.scoreMode == null ? null : ScoreMode.fromString(parsed.scoreMode);
        return new PrectrRescorerBuilder(parsed.model, parsed.queryText, user, mode, parsed.queryWeight, parsed.rescoreWeight,
            services, null, null);
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        if (model != null) {
            builder.field(MODEL.getPreferredName(), model);
        }
        builder.field(QUERY_TEXT.getPreferredName(), queryText);
        if (user != null) {
            builder.field(USER.getPreferredName(), user);
        }
        builder.field(SCORE_MODE.getPreferredName(), scoreMode.jsonName());
        builder.field(QUERY_WEIGHT.getPreferredName(), queryWeight);
        builder.field(RESCORE_WEIGHT.getPreferredName(), rescoreWeight);
        builder.endObject();
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    /**
     * On the coordinating node: registers the per-request work as an async action and returns a builder
     * that waits for it; once it is done, returns the builder that carries it. On a data node that does
     * not hold the prepared bundle yet: loads it on the plugin's pool the same way. Nothing blocks the
     * calling thread. (OpenSearch runs registered actions only when the rewrite returns a new object,
     * hence the waiting copies.)
     */
    @Override
    public RescorerBuilder<PrectrRescorerBuilder> rewrite(QueryRewriteContext ctx) {
        RequestPreparer preparer = services == null ? null : services.preparer();
        if (preparer == null || preparer.started() == false) {
            return this;
        }
        if (pending != null) {
            PreparedRequest result = pending.get();
            return result == null ? this : copy(services, result, null);
        }
        if (prepared == null) {
            QueryCoordinatorContext coordinator = ctx.convertToCoordinatorContext();
            if (coordinator == null) {
                return this;
            }
            SetOnce<PreparedRequest> result = new SetOnce<>();
            coordinator.registerAsyncAction((client, listener) -> preparer.prepare(this, coordinator.getSearchRequest(), client,
                ActionListener.wrap(p -> {
                    result.set(p);
                    listener.onResponse(null);
                }, listener::onFailure)));
            return copy(services, null, result::get);
        }
        if (prepared.model() != null && ctx.convertToShardContext() == null && preparer.isLoaded(prepared.model()) == false) {
            // Rewriteable.rewriteAndFetch runs the async actions only when the rewrite returns a new object
            SetOnce<PreparedRequest> loaded = new SetOnce<>();
            ctx.registerAsyncAction((client, listener) -> preparer.load(prepared.model(), ActionListener.wrap(v -> {
                loaded.set(prepared);
                listener.onResponse(null);
            }, listener::onFailure)));
            return copy(services, null, loaded::get);
        }
        return this;
    }

    private PrectrRescorerBuilder copy(PrectrServices nodeServices, PreparedRequest result, Supplier<PreparedRequest> waiting) {
        PrectrRescorerBuilder copy = new PrectrRescorerBuilder(model, queryText, user, scoreMode, queryWeight, rescoreWeight,
            nodeServices, result, waiting);
        if (windowSize() != null) {
            copy.windowSize(windowSize());
        }
        return copy;
    }

    /**
     * @param nodeServices the services of the node that executes the request
     * @return an equal request bound to them (this one when already bound)
     */
    public PrectrRescorerBuilder bindTo(PrectrServices nodeServices) {
        if (services == nodeServices) {
            return this;
        }
        return copy(nodeServices, prepared, pending);
    }

    /** @return whether this request knows the node's services */
    public boolean isBound() {
        return services != null;
    }

    @Override
    protected RescoreContext innerBuildContext(int windowSize, QueryShardContext context) throws IOException {
        if (services == null) {
            throw new IllegalStateException("[prectr] rescorer is not bound to the node's model registry; "
                + "send it through a search request on a node with the prectr plugin");
        }
        return PrectrRescoreContext.build(windowSize, this, context, services);
    }

    /** @return the bundle name, or null for the index default */
    public String model() {
        return model;
    }

    /** @return the query text */
    public String queryText() {
        return queryText;
    }

    /** @return the user, or null when anonymous */
    public RequestUser user() {
        return user;
    }

    /** @return the score mode */
    public ScoreMode scoreMode() {
        return scoreMode;
    }

    /** @return the first-phase score's weight */
    public float queryWeight() {
        return queryWeight;
    }

    /** @return the model score's weight */
    public float rescoreWeight() {
        return rescoreWeight;
    }

    /**
     * @param result the coordinating node's per-request work, or null
     * @return an equal request carrying it (what the rewrite returns)
     */
    public PrectrRescorerBuilder withPrepared(PreparedRequest result) {
        return copy(services, result, null);
    }

    /** @return the coordinating node's per-request work, or null before the rewrite */
    public PreparedRequest prepared() {
        return prepared;
    }

    @Override
    public boolean equals(Object o) {
        if (super.equals(o) == false) {
            return false;
        }
        PrectrRescorerBuilder other = (PrectrRescorerBuilder) o;
        return Objects.equals(model, other.model) && queryText.equals(other.queryText) && Objects.equals(user, other.user)
            && scoreMode == other.scoreMode && Float.compare(queryWeight, other.queryWeight) == 0
            && Float.compare(rescoreWeight, other.rescoreWeight) == 0 && Objects.equals(prepared, other.prepared);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), model, queryText, user, scoreMode, queryWeight, rescoreWeight, prepared);
    }

    /** Raw values as parsed; checked when the request is built. */
    private static final class Parsed {
        String model;
        String queryText;
        ParsedUser user;
        String scoreMode;
        float queryWeight = 1f;
        float rescoreWeight = 1f;
    }

    private static final class ParsedUser {
        String id;
        Map<String, Object> features;
        List<ParsedHistory> history;

        RequestUser build() {
            List<RequestHistoryEntry> entries = new ArrayList<>();
            if (history != null) {
                for (ParsedHistory h : history) {
                    entries.add(new RequestHistoryEntry(h.query, h.item, h.grade, h.clicked));
                }
            }
            return new RequestUser(id, features, entries);
        }
    }

    private static final class ParsedHistory {
        String query;
        String item;
        Integer grade;
        boolean clicked = true;
    }
}
