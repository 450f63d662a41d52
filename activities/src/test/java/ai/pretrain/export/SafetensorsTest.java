package ai.pretrain.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout the safetensors specification fixes, read back byte by byte. (Python's own `safetensors` package read an
 * exported model too: scripts/check-safetensors.py.)
 */
class SafetensorsTest {

  @Test
  void writesHeaderLengthJsonHeaderAndLittleEndianData(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.safetensors");
    Safetensors.write(file, List.of(
        new Safetensors.Tensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
        new Safetensors.Tensor("b", new long[] {2}, new float[] {-0.5f, 7.25f})), Map.of("format", "pt"));

    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = bytes.getLong();
    assertEquals(0, headerLength % 8, "the header is padded to 8 bytes");
    byte[] header = new byte[(int) headerLength];
    bytes.get(header);
    JsonNode json = new ObjectMapper().readTree(header);
    assertEquals("pt", json.get("__metadata__").get("format").asText());
    assertEquals("F32", json.get("w").get("dtype").asText());
    assertEquals("[2,3]", json.get("w").get("shape").toString());
    assertEquals("[0,24]", json.get("w").get("data_offsets").toString());
    assertEquals("[24,32]", json.get("b").get("data_offsets").toString());

    float[] data = new float[8];
    bytes.asFloatBuffer().get(data);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, -0.5f, 7.25f}, data);
    assertEquals(8 + headerLength + 32, Files.size(file));
  }

  /** The header's bytes are fixed, key order included: a model exported twice, in any two JVMs, has one sha256. */
  @Test
  void headerBytesDoNotDependOnTheProcess(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.safetensors");
    Safetensors.write(file, List.of(new Safetensors.Tensor("w", new long[] {2}, new float[] {1, 2})),
        Map.of("run", "r1", "format", "pt"));
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] header = new byte[(int) bytes.getLong()];
    bytes.get(header);
    assertEquals("{\"__metadata__\":{\"format\":\"pt\",\"run\":\"r1\"},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        new String(header, java.nio.charset.StandardCharsets.UTF_8).strip());
  }
}
