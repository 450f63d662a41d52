package ai.pretrain.storage;

/** An artifact's content no longer matches the sha256 recorded when it was written. */
public final class ArtifactIntegrityException extends RuntimeException {

  public ArtifactIntegrityException(String message) {
    super(message);
  }
}
