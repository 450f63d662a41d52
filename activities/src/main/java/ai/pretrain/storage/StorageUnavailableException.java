package ai.pretrain.storage;

/** The store could not be reached or answered with a server error; the operation is worth retrying. */
public final class StorageUnavailableException extends RuntimeException {

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
