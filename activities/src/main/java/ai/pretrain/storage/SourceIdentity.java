package ai.pretrain.storage;

/**
 * What identifies one version of a source object: its URI, the store's ETag, its size and, in a bucket with
 * versioning, its version id (null otherwise). A local file's ETag is its modification time, since hashing a large
 * file only to name it would cost a full read.
 */
public record SourceIdentity(String uri, String etag, long size, String versionId) {}
