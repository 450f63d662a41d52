package ai.pretrain.artifact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash every artifact is identified and verified by, and the one hash of keys, specs and ids. */
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

  /** The lowercase hex form used in {@link ArtifactRef#sha256()}. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The lowercase hex SHA-256 of {@code content}. */
  public static String of(byte[] content) {
    MessageDigest digest = newDigest();
    digest.update(content);
    return hex(digest);
  }

  /** The lowercase hex SHA-256 of {@code text} in UTF-8 (API-key hashes, spec digests, idempotent run ids). */
  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The raw SHA-256 of {@code content}. */
  public static byte[] digest(byte[] content) {
    return newDigest().digest(content);
  }
}
