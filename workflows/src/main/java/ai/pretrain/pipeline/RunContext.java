package ai.pretrain.pipeline;

/** What every stage of one run knows about the run: its id (for lineage) and seed (for reproducibility). */
public record RunContext(String runId, String pipelineName, long seed) {}
