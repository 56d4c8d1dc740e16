package io.tributary.internals.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a few top-level fields of a JSON object in its UTF-8 bytes, building no tree, for records of which the
 * processor needs nothing else (a keep-first deduplication reads its key fields and event time and forwards the bytes
 * unchanged; a Jackson tree of a tick is most of the CPU that costs).
 *
 * <p>Why it may stand in for Jackson: it answers only where the tree would certainly give the same. {@link #scan}
 * returns {@code true} only for a document it has checked whole against RFC 8259 and within limits far below
 * Jackson's defaults (nesting, name, number and document length), and {@link #kind} reports a value as
 * {@link #STRING}, {@link #INTEGER}, {@link #TRUE} or {@link #FALSE} only when its text is exactly what the tree's
 * node gives: a non-empty string without escapes (its bytes are strictly valid UTF-8), an integer other than
 * {@code -0} (JSON forbids leading zeros, so its literal is its value's text). A number with a fraction or exponent is
 * {@link #DECIMAL}: checked against the JSON number grammar, but its tree text is not its literal ({@code 1e3} reads
 * as {@code 1000.0}), so only a caller that parses the literal as the mapper does may use it; to any other it is as
 * {@link #OTHER}. Anything else (escapes, {@code null}, containers, a top-level name with escapes, non-UTF-8 bytes, a
 * root that is not an object, trailing content) makes {@code scan} return {@code false} or the field {@link #OTHER},
 * and the caller parses the tree as before: Jackson still judges, and describes, every record that is malformed or
 * unusual. As in the tree, the last of repeated names wins.
 *
 * <p>Not thread-safe: one per task, reused for every record; the positions it reports refer to the last document
 * scanned.
 */
public final class JsonFieldScanner {

    /** The field does not occur at the top level. */
    public static final byte ABSENT = 0;
    /** A non-empty string without escapes: its text is the UTF-8 between the quotes. */
    public static final byte STRING = 1;
    /** An integer literal other than {@code -0}: its text is the literal. */
    public static final byte INTEGER = 2;
    /** {@code true}. */
    public static final byte TRUE = 3;
    /** {@code false}. */
    public static final byte FALSE = 4;
    /** Anything else: a value whose text only the tree can give (or that has none), so the caller must parse it. */
    public static final byte OTHER = 5;
    /**
     * A number with a fraction and/or exponent, checked against the JSON number grammar
     * ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) and at most {@link #MAX_NUMBER} long: its literal is
     * at {@link #start}, but it has no text as the tree gives it, so {@link #allHaveText} counts it as {@link #OTHER}
     * unless its caller parses the literal.
     */
    public static final byte DECIMAL = 6;

    /** Longer documents go to Jackson: well inside its string limit, and rare on a hot path. */
    static final int MAX_DOCUMENT = 1 << 20;
    static final int MAX_DEPTH = 64;
    static final int MAX_NAME = 1000;
    static final int MAX_NUMBER = 100;

    private final byte[][] names;
    private final byte[] kinds;
    private final int[] starts;
    private final int[] ends;
    private byte[] doc = new byte[0];
    private int length;
    /** Set by {@link #name}: where the name just read ends, before its closing quote. */
    private int nameEnd;
    /** Set by {@link #string}: whether the string just read had an escape. */
    private boolean escaped;
    /** Set by {@link #number}: whether the number just read was an integer. */
    private boolean integral;

    /** A scanner for the top-level fields {@code names}, reported by their index in this list. */
    public JsonFieldScanner(List<String> names) {
        this.names = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            this.names[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.kinds = new byte[names.size()];
        this.starts = new int[names.size()];
        this.ends = new int[names.size()];
    }

    /**
     * Scans {@code json}: {@code true} when it is a well-formed JSON object within the limits, the fields then described
     * by {@link #kind}, {@link #start} and {@link #end}; {@code false} when the tree must decide.
     */
    public boolean scan(byte[] json) {
        doc = json;
        length = json.length;
        Arrays.fill(kinds, ABSENT);
        if (length > MAX_DOCUMENT) {
            return false;
        }
        int pos = whitespace(0);
        if (pos >= length || json[pos] != '{') {
            return false;
        }
        pos = rootMembers(pos + 1);
        return pos >= 0 && whitespace(pos) == length;
    }

    /** What field {@code field} holds in the last document scanned. */
    public byte kind(int field) {
        return kinds[field];
    }

    /** Where the text of field {@code field} starts (for a string, after its opening quote). */
    public int start(int field) {
        return starts[field];
    }

    /** Where the text of field {@code field} ends, exclusive. */
    public int end(int field) {
        return ends[field];
    }

    /**
     * Whether every field was found with a text ({@link #STRING}, {@link #INTEGER}, {@link #TRUE}, {@link #FALSE}), or,
     * where {@code decimals[i]}, as a {@link #DECIMAL}: for a caller that parses those fields' literals itself.
     */
    public boolean allHaveText(boolean[] decimals) {
        for (int i = 0; i < kinds.length; i++) {
            byte kind = kinds[i];
            if (kind == ABSENT || kind == OTHER || (kind == DECIMAL && !decimals[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of field {@code field}, which must have one: as {@code KeySelectors.field} reads it from the tree; for a
     * {@link #DECIMAL}, its literal.
     */
    public String text(int field) {
        return new String(doc, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    private int rootMembers(int from) {
        int pos = whitespace(from);
        if (pos < length && doc[pos] == '}') {
            return pos + 1;
        }
        while (true) {
            int nameStart = pos + 1;
            // an escaped name could spell a wanted one
            if ((pos = name(pos)) < 0 || escaped) {
                return -1;
            }
            int field = field(nameStart, nameEnd);
            int valueStart = pos;
            if ((pos = value(pos, 1)) < 0) {
                return -1;
            }
            if (field >= 0) {
                record(field, valueStart, pos);
            }
            int next = separator(pos, '}');
            if (next <= 0) {
                return next == 0 ? -1 : -next;
            }
            pos = next;
        }
    }

    /** Notes the value at {@code [start, end)} for {@code field}; a repeated name overwrites, as in the tree. */
    private void record(int field, int start, int end) {
        byte first = doc[start];
        byte kind;
        int textStart = start;
        int textEnd = end;
        if (first == '"') {
            textStart = start + 1;
            textEnd = end - 1;
            kind = escaped || textEnd == textStart ? OTHER : STRING;
        }
        else if (first == 't') {
            kind = TRUE;
        }
        else if (first == 'f') {
            kind = FALSE;
        }
        else if (first == '-' || (first >= '0' && first <= '9')) {
            if (!integral) {
                // number() has checked it against the grammar
                kind = DECIMAL;
            }
            else {
                // "-0" is the tree's 0
                kind = end - start == 2 && first == '-' && doc[start + 1] == '0' ? OTHER : INTEGER;
            }
        }
        else {
            kind = OTHER;
        }
        kinds[field] = kind;
        starts[field] = textStart;
        ends[field] = textEnd;
    }

    private int field(int start, int end) {
        int size = end - start;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == size && Arrays.equals(doc, start, end, name, 0, size)) {
                return i;
            }
        }
        return -1;
    }

    /** Checks the value at {@code pos} (after any whitespace); returns the position after it, or -1. */
    private int value(int pos, int depth) {
        if (pos >= length) {
            return -1;
        }
        byte c = doc[pos];
        if (c == '"') {
            return string(pos);
        }
        if (c == '{' || c == '[') {
            return depth >= MAX_DEPTH ? -1 : container(pos + 1, depth + 1, c == '{' ? '}' : ']');
        }
        if (c == 't') {
            return literal(pos, "true");
        }
        if (c == 'f') {
            return literal(pos, "false");
        }
        if (c == 'n') {
            return literal(pos, "null");
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(pos);
        }
        return -1;
    }

    /** Checks the members of an object or the elements of an array, after its opening bracket. */
    private int container(int from, int depth, char close) {
        int pos = whitespace(from);
        if (pos < length && doc[pos] == close) {
            return pos + 1;
        }
        while (true) {
            if ((close == '}' && (pos = name(pos)) < 0) || (pos = value(pos, depth)) < 0) {
                return -1;
            }
            int next = separator(pos, close);
            if (next <= 0) {
                return next == 0 ? -1 : -next;
            }
            pos = next;
        }
    }

    /**
     * Checks a member's name and colon at {@code pos}, noting where the name ends in {@link #nameEnd}; returns where
     * its value starts, or -1 (also at the end of the document).
     */
    private int name(int pos) {
        if (pos >= length || doc[pos] != '"') {
            return -1;
        }
        int end = string(pos);
        if (end < 0 || end - pos > MAX_NAME) {
            return -1;
        }
        nameEnd = end - 1;
        int colon = whitespace(end);
        if (colon >= length || doc[colon] != ':') {
            return -1;
        }
        int value = whitespace(colon + 1);
        return value < length ? value : -1;
    }

    /**
     * After a value: the position of the next one after a comma; or, when {@code close} ends the container, minus the
     * position after it; or 0 for anything else.
     */
    private int separator(int from, char close) {
        int pos = whitespace(from);
        if (pos >= length) {
            return 0;
        }
        if (doc[pos] == close) {
            return -(pos + 1);
        }
        return doc[pos] == ',' ? whitespace(pos + 1) : 0;
    }

    /**
     * Checks the string whose opening quote is at {@code quote}: escapes as RFC 8259 has them, no control characters,
     * strictly valid UTF-8 (no overlong forms, no surrogates). Returns the position after the closing quote, or -1.
     */
    private int string(int quote) {
        escaped = false;
        int pos = quote + 1;
        while (pos < length) {
            int c = doc[pos] & 0xFF;
            if (c == '"') {
                return pos + 1;
            }
            if (c == '\\') {
                escaped = true;
                pos = escape(pos + 1);
            }
            else if (c < 0x20) {
                return -1;
            }
            else if (c < 0x80) {
                pos++;
            }
            else {
                pos = utf8(pos, c);
            }
            if (pos < 0) {
                return -1;
            }
        }
        return -1;
    }

    private int escape(int pos) {
        if (pos >= length) {
            return -1;
        }
        switch (doc[pos]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return pos + 1;
            case 'u':
                if (pos + 4 >= length) {
                    return -1;
                }
                for (int i = pos + 1; i <= pos + 4; i++) {
                    if (Character.digit(doc[i], 16) < 0) {
                        return -1;
                    }
                }
                return pos + 5;
            default:
                return -1;
        }
    }

    /** Checks one multi-byte UTF-8 sequence whose lead byte {@code lead} is at {@code pos} (RFC 3629, table 3-7). */
    private int utf8(int pos, int lead) {
        int count;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            count = 1;
        }
        else if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            if (lead == 0xE0) {
                low = 0xA0;
            }
            else if (lead == 0xED) {
                high = 0x9F;
            }
        }
        else if (lead >= 0xF0 && lead <= 0xF4) {
            count = 3;
            if (lead == 0xF0) {
                low = 0x90;
            }
            else if (lead == 0xF4) {
                high = 0x8F;
            }
        }
        else {
            return -1;
        }
        if (pos + count >= length) {
            return -1;
        }
        int second = doc[pos + 1] & 0xFF;
        if (second < low || second > high) {
            return -1;
        }
        for (int i = pos + 2; i <= pos + count; i++) {
            if ((doc[i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return pos + count + 1;
    }

    /** Checks an RFC 8259 number at {@code from}, noting in {@link #integral} whether it has no fraction or exponent. */
    private int number(int from) {
        int pos = from;
        if (doc[pos] == '-') {
            pos++;
        }
        if (pos >= length) {
            return -1;
        }
        if (doc[pos] == '0') {
            pos++;
        }
        else if (doc[pos] >= '1' && doc[pos] <= '9') {
            pos = digits(pos);
        }
        else {
            return -1;
        }
        integral = true;
        if (pos < length && doc[pos] == '.') {
            integral = false;
            int start = pos + 1;
            pos = digits(start);
            if (pos == start) {
                return -1;
            }
        }
        if (pos < length && (doc[pos] == 'e' || doc[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < length && (doc[pos] == '+' || doc[pos] == '-')) {
                pos++;
            }
            int start = pos;
            pos = digits(start);
            if (pos == start) {
                return -1;
            }
        }
        return pos - from > MAX_NUMBER ? -1 : pos;
    }

    private int digits(int from) {
        int pos = from;
        while (pos < length && doc[pos] >= '0' && doc[pos] <= '9') {
            pos++;
        }
        return pos;
    }

    private int literal(int pos, String word) {
        int end = pos + word.length();
        if (end > length) {
            return -1;
        }
        for (int i = 0; i < word.length(); i++) {
            if (doc[pos + i] != word.charAt(i)) {
                return -1;
            }
        }
        return end;
    }

    /** Skips JSON whitespace (space, tab, line feed, carriage return, as Jackson allows between tokens). */
    private int whitespace(int from) {
        int pos = from;
        while (pos < length) {
            byte c = doc[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            pos++;
        }
        return pos;
    }
}
