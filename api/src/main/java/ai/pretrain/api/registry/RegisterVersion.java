package ai.pretrain.api.registry;

import ai.pretrain.api.runs.RunInspector;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a registration: the completed run whose exported model becomes the next version. */
public record RegisterVersion(
    @Schema(required = true, pattern = RunInspector.RUN_ID_PATTERN, description = "A completed run's id")
    String runId) {}
