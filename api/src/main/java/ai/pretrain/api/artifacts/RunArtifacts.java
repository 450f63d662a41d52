package ai.pretrain.api.artifacts;

import java.util.List;

/** Every artifact a run's stages, and the baselines its evaluation trained, have produced or reused so far. */
public record RunArtifacts(String runId, List<ArtifactView> artifacts) {}
