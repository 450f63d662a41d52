import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The data-prep benchmark's two helpers. {@code generate FILE BYTES SEED}: a CSV table of 50 numeric columns
 * ({@code f00}..{@code f49}) and a class column ({@code label}, 3 classes), rows until the file holds at least BYTES;
 * each class shifts the mean of the first 10 columns, so there is signal to learn; deterministic for a seed. Prints
 * the row count. {@code upload FILE BUCKET KEY}: puts the file into the MinIO that the {@code S3_*} variables name.
 */
public class DataBench {

  static final int COLUMNS = 50;
  static final int CLASSES = 3;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> System.out.println(generate(Path.of(args[1]), Long.parseLong(args[2]),
          Long.parseLong(args[3])));
      case "upload" -> upload(Path.of(args[1]), args[2], args[3]);
      default -> throw new IllegalArgumentException("generate or upload, not " + args[0]);
    }
  }

  static long generate(Path file, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long rows = 0;
    long written = 0;
    StringBuilder line = new StringBuilder(512);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int c = 0; c < COLUMNS; c++) {
        line.append(String.format("f%02d,", c));
      }
      line.append("label\n");
      while (written < bytes) {
        byte[] encoded = line.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(encoded);
        written += encoded.length;
        line.setLength(0);
        int label = random.nextInt(CLASSES);
        for (int c = 0; c < COLUMNS; c++) {
          double value = gaussian(random) + (c < 10 ? (label - 1) * 0.8 * ((c % 2) * 2 - 1) : 0) + c * 0.1;
          appendFixed(line, value);
          line.append(',');
        }
        line.append(label).append('\n');
        rows++;
      }
      byte[] encoded = line.toString().getBytes(StandardCharsets.US_ASCII);
      out.write(encoded);
      rows++;
    }
    return rows - 1;
  }

  /** A standard normal draw (Box-Muller, one of the pair). */
  static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** {@code value} with 4 decimals, without String.format's cost. */
  static void appendFixed(StringBuilder line, double value) {
    long scaled = Math.round(value * 10_000);
    if (scaled < 0) {
      line.append('-');
      scaled = -scaled;
    }
    line.append(scaled / 10_000).append('.');
    long fraction = scaled % 10_000;
    for (long digit = 1000; digit > 0; digit /= 10) {
      line.append((char) ('0' + fraction / digit % 10));
    }
  }

  static void upload(Path file, String bucket, String key) throws Exception {
    MinioClient client = MinioClient.builder().endpoint(System.getenv("S3_ENDPOINT"))
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY")).region("us-east-1").build();
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
    try (InputStream in = Files.newInputStream(file)) {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, Files.size(file), 64L << 20)
          .contentType("text/csv").build());
    }
  }
}
