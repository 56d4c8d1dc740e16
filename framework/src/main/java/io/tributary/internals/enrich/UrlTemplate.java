package io.tributary.internals.enrich;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.json.JsonFieldPath;
import tools.jackson.databind.JsonNode;

/**
 * A URL with {@code {field}} variables filled from the record being enriched, e.g.
 * {@code http://companies:8080/companies/{symbol}}; a variable is a dotted JSON path
 * ({@code {company_info.id}}) and its value is inserted percent-encoded (UTF-8; a space is {@code %20}), so a value
 * can never change the URL's structure. Property placeholders ({@code ${...}}) are resolved before this class sees
 * the text. Parsed once; immutable and thread-safe.
 */
public final class UrlTemplate {

    private final String template;
    private final List<String> literals;
    private final List<JsonFieldPath> variables;

    private UrlTemplate(String template, List<String> literals, List<JsonFieldPath> variables) {
        this.template = template;
        this.literals = literals;
        this.variables = variables;
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL, has an unclosed, empty or invalid
     *         variable, or still holds an unresolved {@code ${...}} placeholder
     */
    public static UrlTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        String text = template.strip();
        if (text.contains("${")) {
            throw new IllegalArgumentException("URL template '" + template + "' holds an unresolved placeholder; "
                    + "define the property it names (e.g. ticker.company-api.base-url)");
        }
        List<String> literals = new ArrayList<>();
        List<JsonFieldPath> variables = new ArrayList<>();
        int start = 0;
        while (true) {
            int open = text.indexOf('{', start);
            if (open < 0) {
                literals.add(text.substring(start));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("URL template '" + template + "' has an unclosed '{'; write "
                        + "variables as {field}, e.g. http://host/companies/{symbol}");
            }
            literals.add(text.substring(start, open));
            String name = text.substring(open + 1, close);
            try {
                variables.add(JsonFieldPath.of(name));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("URL template '" + template + "' has an invalid variable {" + name
                        + "}: " + ex.getMessage(), ex);
            }
            start = close + 1;
        }
        String sample = String.join("x", literals);
        URI uri;
        try {
            uri = URI.create(sample);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("URL template '" + template + "' is not a valid URL: " + ex.getMessage()
                    + "; write e.g. http://host:8080/companies/{symbol}", ex);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("URL template '" + template + "' must be an absolute http or https "
                    + "URL; write e.g. http://host:8080/companies/{symbol}");
        }
        return new UrlTemplate(text, List.copyOf(literals), List.copyOf(variables));
    }

    /**
     * The URL for {@code value}.
     *
     * @throws IllegalArgumentException if a variable's field is missing, null, or not a scalar
     */
    public URI expand(JsonNode value) {
        StringBuilder url = new StringBuilder(template.length() + 16);
        for (int i = 0; i < variables.size(); i++) {
            url.append(literals.get(i));
            JsonFieldPath path = variables.get(i);
            JsonNode field = path.find(value);
            if (field == null || field.isNull() || !field.isValueNode()) {
                throw new IllegalArgumentException("URL variable {" + path + "} of '" + template
                        + "' is missing, null or not a scalar in this record");
            }
            url.append(URLEncoder.encode(field.asString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        url.append(literals.get(literals.size() - 1));
        return URI.create(url.toString());
    }

    @Override
    public String toString() {
        return template;
    }
}
