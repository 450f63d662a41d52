package ai.pretrain.artifact;

/**
 * A pointer to an artifact in object storage, the only way data crosses a workflow boundary.
 *
 * @param uri where it lives ({@code s3://bucket/key} or {@code file:///path})
 * @param sha256 hex digest of the content, checked on every read
 * @param sizeBytes content length
 * @param kind what it is: dataset-shard, checkpoint, model, metrics, report
 */
public record ArtifactRef(String uri, String sha256, long sizeBytes, String kind) {}
