package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes a built-in table as the files a user would upload: CSV, JSON Lines, Parquet, gzip'ed. */
public final class SourceFiles {

  private SourceFiles() {}

  /** The table as CSV with a header of {@code columns} then the label column. */
  public static byte[] csv(LabeledDataset table, List<String> columns, String label) {
    StringBuilder out = new StringBuilder(String.join(",", columns) + "," + label + "\n");
    for (int i = 0; i < table.size(); i++) {
      for (int j = 0; j < table.featureCount(); j++) {
        out.append(table.features()[i * table.featureCount() + j]).append(',');
      }
      out.append(table.regression() ? Float.toString(table.targets()[i]) : Integer.toString(table.labels()[i]))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The table as JSON Lines, numbers as JSON numbers and the class as a string. */
  public static byte[] jsonl(LabeledDataset table, List<String> columns, String label) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < table.size(); i++) {
      out.append('{');
      for (int j = 0; j < table.featureCount(); j++) {
        out.append('"').append(columns.get(j)).append("\":").append(table.features()[i * table.featureCount() + j])
            .append(',');
      }
      out.append('"').append(label).append("\":\"").append(table.labels()[i]).append("\"}\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The table as snappy-compressed Parquet: float feature columns and an int32 label. */
  public static byte[] parquet(LabeledDataset table, List<String> columns, String label, Path work)
      throws IOException {
    StringBuilder schema = new StringBuilder("message table {");
    columns.forEach(c -> schema.append(" required float ").append(c).append(';'));
    schema.append(" required int32 ").append(label).append("; }");
    MessageType type = MessageTypeParser.parseMessageType(schema.toString());
    Path file = work.resolve("table-" + System.nanoTime() + ".parquet");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(type)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withConf(new PlainParquetConfiguration())
        .withRowGroupSize(4096L).build()) {
      SimpleGroupFactory rows = new SimpleGroupFactory(type);
      for (int i = 0; i < table.size(); i++) {
        Group row = rows.newGroup();
        for (int j = 0; j < table.featureCount(); j++) {
          row.append(columns.get(j), table.features()[i * table.featureCount() + j]);
        }
        writer.write(row.append(label, table.labels()[i]));
      }
    }
    return Files.readAllBytes(file);
  }

  /** One row of Parquet with a number column and a nested group ({@code address.city}), which tables cannot hold. */
  public static byte[] nestedParquet(Path work) throws IOException {
    MessageType type = MessageTypeParser.parseMessageType(
        "message customer { required float tenure; optional group address { required binary city (UTF8); } }");
    Path file = work.resolve("nested-" + System.nanoTime() + ".parquet");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(type)
        .withConf(new PlainParquetConfiguration()).build()) {
      Group row = new SimpleGroupFactory(type).newGroup().append("tenure", 3f);
      row.addGroup("address").append("city", "Lyon");
      writer.write(row);
    }
    return Files.readAllBytes(file);
  }

  public static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    }
    return out.toByteArray();
  }
}
