package ai.pretrain.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float32 tensors in the safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * of names, dtypes, shapes and byte offsets padded to 8 bytes, then the raw little-endian data.
 */
public final class Safetensors {

  /** One named tensor: its shape and its values in row-major order. */
  public record Tensor(String name, long[] shape, float[] values) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    // ordered maps: Map.of iterates in an order drawn per process, and the file's bytes must not depend on it
    header.put("__metadata__", new TreeMap<>(metadata));
    long offset = 0;
    for (Tensor t : tensors) {
      long bytes = 4L * t.values().length;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", t.shape());
      entry.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(t.name(), entry);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        DataOutputStream out = new DataOutputStream(raw)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(json);
      out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
      for (Tensor t : tensors) {
        ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.values());
        out.write(data.array());
      }
    }
  }
}
