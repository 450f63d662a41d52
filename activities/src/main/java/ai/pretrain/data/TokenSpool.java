package ai.pretrain.data;

import ai.pretrain.source.Documents;
import ai.pretrain.text.BpeTokenizer;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every document's token ids on local disk, encoded once in one pass over the documents: int32 ids one document after
 * the other, found by their offsets (the one thing per document on the heap, 8 bytes), read back by position.
 */
final class TokenSpool implements Closeable {

  private final Path file;
  private final long[] offsets;
  private final FileChannel channel;

  private TokenSpool(Path file, long[] offsets) throws IOException {
    this.file = file;
    this.offsets = offsets;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /** Every document's ids, as {@link BpeTokenizer#encode} gives them, spooled in {@code workspace}. */
  static TokenSpool encode(BpeTokenizer tokenizer, Documents documents, Path workspace) throws IOException {
    Path file = Files.createTempFile(workspace, "tokens-", ".spool");
    long[] offsets = new long[documents.size() + 1];
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      documents.forEach((index, text) -> {
        int[] ids = tokenizer.encode(text);
        for (int id : ids) {
          out.writeInt(id);
        }
        offsets[index + 1] = offsets[index] + ids.length;
      });
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new TokenSpool(file, offsets);
  }

  int size() {
    return offsets.length - 1;
  }

  /** How many ids document {@code document} has. */
  int length(int document) {
    return (int) (offsets[document + 1] - offsets[document]);
  }

  /** The first {@code limit} ids of document {@code document} (all where it has fewer). */
  int[] ids(int document, int limit) throws IOException {
    int count = Math.min(limit, length(document));
    ByteBuffer bytes = ByteBuffer.allocate(4 * count);
    long position = 4 * offsets[document];
    while (bytes.hasRemaining()) {
      if (channel.read(bytes, position + bytes.position()) < 0) {
        throw new EOFException(file + " ends inside document " + document);
      }
    }
    bytes.flip();
    int[] ids = new int[count];
    bytes.asIntBuffer().get(ids);
    return ids;
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
