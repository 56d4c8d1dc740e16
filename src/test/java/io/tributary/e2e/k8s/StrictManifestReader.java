package io.tributary.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads Kubernetes manifests into the fabric8 model of the Kubernetes API, failing on anything the API would reject
 * or silently drop: an unknown field at any depth, a duplicate key, a string where the API wants a number or a
 * boolean, an apiVersion/kind pair outside {@link #KINDS}.
 *
 * <p>Exists because the fabric8 model is lenient by design: every class collects unknown fields in an
 * {@code additionalProperties} map through {@code @JsonAnySetter}, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone
 * never fires. The reader removes those any-setters, so an unknown field fails with Jackson's message naming it and
 * its path; and it writes every parsed object back to a tree and compares it with the input, so that nothing the
 * model ignores or converts goes unnoticed either. Not thread-safe to configure, safe to share once built.
 */
final class StrictManifestReader {

    /** The kinds the manifests may use, by {@code apiVersion/kind}. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private final ObjectMapper yaml;
    private final ObjectMapper strict;

    StrictManifestReader() {
        this.yaml = new ObjectMapper(new YAMLFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.strict = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new SimpleModule("reject-additional-properties").setDeserializerModifier(
                        new RejectAdditionalProperties()))
                .build();
    }

    /** One document of a manifest file, parsed. */
    record Manifest(Path file, int document, HasMetadata resource) {

        String describe() {
            return file.getFileName() + " document " + document + " (" + resource.getKind() + " "
                    + resource.getMetadata().getName() + ")";
        }
    }

    /** Every document of {@code file}, each parsed strictly as its kind. */
    List<Manifest> read(Path file) {
        List<Manifest> manifests = new ArrayList<>();
        List<JsonNode> documents = documents(file);
        for (int i = 0; i < documents.size(); i++) {
            manifests.add(new Manifest(file, i + 1, parse(documents.get(i), file + " document " + (i + 1))));
        }
        return manifests;
    }

    /** Parses YAML text as one strict manifest; {@code where} names it in errors. */
    HasMetadata parse(String text, String where) {
        try {
            return parse(yaml.readTree(text), where);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(where + ": not YAML: " + ex.getMessage(), ex);
        }
    }

    /** Reads any YAML file strictly (no duplicate keys) into a tree, one per document. */
    List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file), file.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** Reads YAML text strictly (no duplicate keys) into a tree, one per document; {@code where} names it in errors. */
    List<JsonNode> documents(String text, String where) {
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> documents = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(where + ": not YAML: " + ex.getMessage(), ex);
        }
    }

    /** Binds a tree to {@code type} strictly, for files that are not Kubernetes objects (kustomization.yaml). */
    <T> T bind(JsonNode tree, Class<T> type, String where) {
        try {
            return strict.treeToValue(tree, type);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    private HasMetadata parse(JsonNode document, String where) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new IllegalArgumentException(where + ": apiVersion/kind '" + apiVersion + "/" + kind
                    + "' is not one of " + KINDS.keySet() + "; add it to StrictManifestReader.KINDS if it is meant");
        }
        HasMetadata resource = bind(document, type, where);
        JsonNode written = strict.valueToTree(resource);
        if (!document.equals(NUMBERS_BY_VALUE, written)) {
            throw new IllegalArgumentException(where + ": the Kubernetes model does not keep the manifest as written;"
                    + " a field is ignored or converted.\n  written: " + document + "\n  read:    " + written);
        }
        return resource;
    }

    /** Compares numeric nodes by value (an int read back as a long is the same number), others as usual. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return a.equals(b) ? 0 : 1;
    };

    /**
     * Drops the {@code @JsonAnySetter} of fabric8 model classes, so that an unknown field meets
     * {@code FAIL_ON_UNKNOWN_PROPERTIES} instead of landing in {@code additionalProperties}.
     */
    private static final class RejectAdditionalProperties extends BeanDeserializerModifier {

        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                BeanDeserializerBuilder builder) {
            if (KubernetesResource.class.isAssignableFrom(description.getBeanClass())) {
                builder.setAnySetter(null);
            }
            return builder;
        }
    }
}
