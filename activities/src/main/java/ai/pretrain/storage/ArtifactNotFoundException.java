package ai.pretrain.storage;

/** The artifact a reference or key names is not in the store; retrying will not make it appear. */
public final class ArtifactNotFoundException extends RuntimeException {

  public ArtifactNotFoundException(String message) {
    super(message);
  }

  public ArtifactNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
