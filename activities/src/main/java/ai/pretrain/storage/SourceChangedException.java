package ai.pretrain.storage;

import java.io.IOException;

/** A source object that changed between the moment its identity was taken and the moment it was read. */
public final class SourceChangedException extends IOException {

  public SourceChangedException(SourceIdentity expected, SourceIdentity found) {
    super(expected.uri() + " changed while it was being read (ETag " + expected.etag() + ", " + expected.size()
        + " bytes, now ETag " + found.etag() + ", " + found.size() + " bytes); run again to read the new version");
  }
}
