package ai.pretrain.source;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/** Turns a gzip stream that ends early or is corrupt into a {@link BadDataException} naming the file. */
final class TruncationCheck extends FilterInputStream {

  private final String file;

  TruncationCheck(InputStream gzip, String file) {
    super(gzip);
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (EOFException | ZipException e) {
      throw broken(e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return super.read(buffer, offset, length);
    } catch (EOFException | ZipException e) {
      throw broken(e);
    }
  }

  private BadDataException broken(IOException e) {
    return BadDataException.file(file, e instanceof EOFException
        ? "the gzip stream ends early: the file is truncated; upload the whole file again"
        : "the gzip stream is corrupt (" + e.getMessage() + "); upload the file again");
  }
}
