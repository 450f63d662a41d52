package ai.pretrain.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash every artifact is identified and verified by. */
public final class Sha256 {

  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** The lowercase hex form used in {@link ai.pretrain.artifact.ArtifactRef#sha256()}. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The lowercase hex SHA-256 of {@code content}. */
  public static String of(byte[] content) {
    MessageDigest digest = newDigest();
    digest.update(content);
    return hex(digest);
  }
}
