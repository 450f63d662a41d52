package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.storage.SourceObjects;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columns of Parquet objects in the real MinIO server, from their footers alone (as the API checks them at
 * submit): files written by Apache Parquet's own writer, a nested one refused by name, a non-Parquet one refused.
 */
class ParquetFooterTest {

  @TempDir Path work;

  @Test
  void theColumnsComeFromTheFooterAndANestedOrNonParquetFileIsNamed() throws Exception {
    MinioSources minio = new MinioSources("parquet-footer-test");
    SourceDatasets sources = new SourceDatasets(SourceObjects.fromEnvironment(minio.env()));
    LabeledDataset table = LabeledDataset.table(new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 0}, 2, 2);
    byte[] parquet = SourceFiles.parquet(table, List.of("tenure", "charges"), "churned", work);
    String uri = minio.put("footer/customers.parquet", parquet);
    assertEquals(List.of("tenure", "charges", "churned"),
        sources.columns("dataset.uri", uri, DatasetSpec.PARQUET, work));
    // a prefix: the first Parquet object's columns
    assertEquals(List.of("tenure", "charges", "churned"),
        sources.columns("dataset.uri", minio.uri("footer/"), DatasetSpec.PARQUET, work));

    // only the footer is read: the data pages before it may be anything
    byte[] garbled = parquet.clone();
    int footer = ByteBuffer.wrap(parquet, parquet.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    Arrays.fill(garbled, 4, parquet.length - 8 - footer, (byte) 0x5a);
    assertEquals(List.of("tenure", "charges", "churned"), sources.columns("dataset.uri",
        minio.put("garbled/customers.parquet", garbled), DatasetSpec.PARQUET, work));

    String nested = minio.put("nested/customers.parquet", SourceFiles.nestedParquet(work));
    assertEquals(nested + ": column 'address' is nested; flatten it to numbers or strings",
        assertThrows(BadDataException.class, () -> sources.columns("dataset.uri", nested, DatasetSpec.PARQUET, work))
            .getMessage());

    String csv = minio.put("csv/customers.parquet", "tenure,churned\n3,yes\n4,no\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(csv + ": is not a Parquet file (it does not end with PAR1); set dataset.format to the file's "
        + "format", assertThrows(BadDataException.class,
            () -> sources.columns("dataset.uri", csv, DatasetSpec.PARQUET, work)).getMessage());
  }
}
