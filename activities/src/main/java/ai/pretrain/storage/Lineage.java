package ai.pretrain.storage;

import ai.pretrain.artifact.ArtifactRef;
import java.util.List;
import java.util.Map;

/**
 * What produced an artifact: the stage and run, the input artifacts it read, the parameters it ran with and the code
 * version; stored as {@code <key>.lineage.json} beside the artifact.
 */
public record Lineage(
    String stage,
    String runId,
    List<ArtifactRef> inputs,
    Map<String, Object> parameters,
    String codeVersion,
    String createdAt) {}
