package ai.pretrain.api.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One artifact of a run with its lineage.
 *
 * @param lineage the {@code <key>.lineage.json} sidecar as the worker wrote it (stage, runId, inputs, parameters,
 *     codeVersion, createdAt); {@code null} when the store has none
 * @param download where {@code GET} streams the content
 */
public record ArtifactView(
    String stage,
    String name,
    String kind,
    String uri,
    String sha256,
    long sizeBytes,
    @Schema(type = SchemaType.OBJECT, nullable = true) JsonNode lineage,
    String download) {}
