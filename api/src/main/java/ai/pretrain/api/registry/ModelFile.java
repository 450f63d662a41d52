package ai.pretrain.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One file of a registered version, copied from the run's artifact into the registry's folder.
 *
 * @param name the file's path inside the version ({@code model.safetensors}, {@code huggingface/config.json})
 * @param artifact the run's artifact it was copied from, {@code <stage>/<name>}
 * @param lineage the artifact's lineage as the worker wrote it; {@code null} when the store had none
 * @param download where {@code GET} streams the content
 */
public record ModelFile(
    String name,
    String artifact,
    String kind,
    String sha256,
    long sizeBytes,
    String uri,
    @Schema(type = SchemaType.OBJECT, nullable = true) JsonNode lineage,
    String download) {}
