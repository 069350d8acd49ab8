package org.prectr.opensearch.personal;

import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.test.OpenSearchTestCase;

/** Which mappings are UBI-shaped, and what the message says when one is not. */
public class UbiShapeTests extends OpenSearchTestCase {

    private static MappingMetadata mapping(String json) {
        return new MappingMetadata("_doc", XContentHelper.convertToMap(new BytesArray(json), true, XContentType.JSON).v2());
    }

    public void testTheUbiPluginsMappingsAreShaped() {
        assertNull(UbiShape.problem(mapping(PersonalisationClusterTests.UBI_EVENTS_MAPPING), true));
        assertNull(UbiShape.problem(mapping(PersonalisationClusterTests.UBI_QUERIES_MAPPING), false));
    }

    public void testWrongOrMissingFieldsAreNamed() {
        assertEquals("[client_id] must be mapped as [constant_keyword or keyword] but is [text]",
            UbiShape.problem(mapping("{\"properties\": {\"client_id\": {\"type\": \"text\"}}}"), true));
        assertEquals("[action_name] must be mapped as [constant_keyword or keyword] but is not mapped",
            UbiShape.problem(mapping("{\"properties\": {\"client_id\": {\"type\": \"keyword\"}}}"), true));
        assertEquals("[timestamp] must be mapped as [date or date_nanos] but is [long]",
            UbiShape.problem(mapping("{\"properties\": {\"client_id\": {\"type\": \"keyword\"}, \"timestamp\": {\"type\": \"long\"}}}"),
                false));
    }
}
