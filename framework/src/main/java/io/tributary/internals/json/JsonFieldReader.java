package io.tributary.internals.json;

import java.util.List;

/**
 * A shipped key selector or event-time extractor that reads a JSON value only at these field paths, so the engine may
 * read those fields from the record's bytes instead of parsing its tree ({@link JsonFieldScanner}) and get the same
 * result. The public contract takes a {@code JsonNode}; the engine checks {@code instanceof JsonFieldReader}, as it
 * checks {@link MillisExtractor}. Implemented by the shipped selectors and extractors only.
 */
public interface JsonFieldReader {

    /** The paths read, in the order their values make up the result. */
    List<JsonFieldPath> fieldPaths();
}
