package ai.pretrain.huggingface;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Widens the bfloat16 tensors of a safetensors file to float32 before DJL decodes it: DJL 0.33's PyTorch engine aborts
 * the whole process (a native {@code terminate}) when it creates a BF16 array from a buffer, and many published
 * checkpoints are saved in bfloat16. A bfloat16 is the upper half of a float32, so widening is exact (the same values
 * transformers computes with after {@code from_pretrained(..., dtype=torch.float32)}). Other tensors are copied as
 * they are; the file is read tensor by tensor, never whole.
 */
final class Bfloat16Widening {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BF16 = "BF16";

  private Bfloat16Widening() {}

  /** One tensor's header entry and where its bytes are in the source's data section. */
  private record Entry(ObjectNode header, long begin, long end, boolean widen) {}

  /**
   * {@code safetensors} itself when it holds no bfloat16 tensor, else a float32 copy of it beside it ({@code
   * <name>.float32}), which the caller deletes; a file that is not safetensors is an {@link IllegalArgumentException}.
   */
  static Path widened(Path safetensors) throws IOException {
    try (FileChannel in = FileChannel.open(safetensors, StandardOpenOption.READ)) {
      long headerLength = headerLength(in, safetensors);
      ObjectNode header = header(in, headerLength, safetensors);
      List<Entry> entries = new ArrayList<>();
      boolean any = false;
      for (Map.Entry<String, JsonNode> field : header.properties()) {
        if (field.getKey().equals("__metadata__")) {
          continue;
        }
        JsonNode offsets = field.getValue().path("data_offsets");
        if (!field.getValue().isObject() || offsets.size() != 2) {
          throw new IllegalArgumentException(safetensors.getFileName() + " is not a safetensors file: tensor " + field.getKey()
              + " has no data_offsets");
        }
        boolean widen = BF16.equals(field.getValue().path("dtype").asText());
        entries.add(new Entry((ObjectNode) field.getValue(), offsets.get(0).asLong(), offsets.get(1).asLong(), widen));
        any |= widen;
      }
      if (!any) {
        return safetensors;
      }
      entries.sort(Comparator.comparingLong(Entry::begin));
      long offset = 0;
      for (Entry entry : entries) {
        long bytes = (entry.end() - entry.begin()) * (entry.widen() ? 2 : 1);
        if (entry.widen()) {
          entry.header().put("dtype", "F32");
        }
        entry.header().putArray("data_offsets").add(offset).add(offset + bytes);
        offset += bytes;
      }
      Path out = safetensors.resolveSibling(safetensors.getFileName() + ".float32");
      write(in, 8 + headerLength, header, entries, out);
      return out;
    }
  }

  private static void write(FileChannel in, long dataStart, ObjectNode header, List<Entry> entries, Path file)
      throws IOException {
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(json);
      out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
      for (Entry entry : entries) {
        copy(in, dataStart + entry.begin(), entry.end() - entry.begin(), out, entry.widen());
      }
    }
  }

  /** Copies {@code length} bytes from {@code position}, each little-endian bfloat16 written as its float32. */
  private static void copy(FileChannel in, long position, long length, OutputStream out, boolean widen)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    long done = 0;
    while (done < length) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), length - done));
      int read = in.read(chunk, position + done);
      if (read < 0) {
        throw new IllegalArgumentException("the safetensors file ends inside a tensor's data; it is truncated");
      }
      done += read;
      chunk.flip();
      if (!widen) {
        out.write(chunk.array(), 0, chunk.limit());
        continue;
      }
      byte[] wide = new byte[chunk.limit() * 2];
      for (int i = 0; i + 1 < chunk.limit(); i += 2) {
        // float32 little-endian: two zero low bytes, then the bfloat16's two bytes
        wide[2 * i + 2] = chunk.get(i);
        wide[2 * i + 3] = chunk.get(i + 1);
      }
      out.write(wide);
    }
  }

  private static long headerLength(FileChannel in, Path file) throws IOException {
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    if (in.read(length, 0) != 8) {
      throw new IllegalArgumentException(file.getFileName() + " is not a safetensors file: it is shorter than its header");
    }
    long value = length.flip().getLong();
    if (value <= 0 || value > Math.min(in.size() - 8, 100L << 20)) {
      throw new IllegalArgumentException(file.getFileName() + " is not a safetensors file: its header length is " + value);
    }
    return value;
  }

  private static ObjectNode header(FileChannel in, long length, Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) length);
    while (bytes.hasRemaining()) {
      if (in.read(bytes, 8 + bytes.position()) < 0) {
        throw new IllegalArgumentException(file.getFileName() + " is not a safetensors file: it ends inside its header");
      }
    }
    try {
      JsonNode header = JSON.readTree(new String(bytes.array(), StandardCharsets.UTF_8));
      if (header == null || !header.isObject()) {
        throw new IllegalArgumentException(file.getFileName() + " is not a safetensors file: its header is not a "
            + "JSON object");
      }
      return (ObjectNode) header;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file.getFileName() + " is not a safetensors file: its header is not JSON ("
          + e.getOriginalMessage() + ")", e);
    }
  }
}
