package ai.pretrain.api.registry;

import ai.pretrain.api.runs.ComparisonRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A registered version of a model, as stored in its manifest and served: the run it came from, who registered it and
 * when, the data it was trained on, the run's spec, its test metrics and its exported files.
 *
 * @param dataset the built-in dataset's name or the data's URI
 * @param datasetCacheKey the prepare-data stage's cache key: it hashes the source's identity and how it was prepared
 * @param spec the run's parsed spec, defaults filled in
 * @param metrics the run's comparison rows (the pretrained model and each baseline on the test split)
 */
public record ModelVersion(
    String model,
    int version,
    String runId,
    String registeredBy,
    Instant registeredAt,
    String dataset,
    @Schema(nullable = true) String datasetCacheKey,
    Map<String, Object> spec,
    List<ComparisonRow> metrics,
    List<ModelFile> files) {}
