package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;

/** A stream of an artifact's content that fails at its end if the content does not hash to the expected sha256. */
final class VerifyingInputStream extends FilterInputStream {

  private final String expectedSha256;
  private final String uri;
  private String actualSha256;

  VerifyingInputStream(InputStream content, String expectedSha256, String uri) {
    super(new DigestInputStream(content, Sha256.newDigest()));
    this.expectedSha256 = expectedSha256;
    this.uri = uri;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      verify();
    }
    return n;
  }

  /** Skipped bytes must still pass through the digest, so skipping reads. */
  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void verify() {
    if (actualSha256 == null) {
      actualSha256 = Sha256.hex(((DigestInputStream) in).getMessageDigest());
    }
    if (!actualSha256.equals(expectedSha256)) {
      throw new ArtifactIntegrityException(
          uri + " has sha256 " + actualSha256 + " but was written with " + expectedSha256);
    }
  }
}
