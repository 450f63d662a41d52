package ai.pretrain.api.artifacts;

import java.util.List;

/** Every artifact a run's stages have produced so far, in stage order. */
public record RunArtifacts(String runId, List<ArtifactView> artifacts) {}
