package ai.pretrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePolicyTest {

  @TempDir Path work;

  private final SourcePolicy s3Only = new SourcePolicy(true, Set.of("pretrain-artifacts", "team-data"), List.of());

  @Test
  void acceptsObjectsAndPrefixesInAllowedBuckets() {
    SourceLocation object = s3Only.check("dataset.uri", "s3://team-data/churn/customers.csv");
    assertEquals("team-data", object.bucket());
    assertEquals("churn/customers.csv", object.key());
    assertFalse(object.isPrefix());
    assertEquals("customers.csv", object.name());
    SourceLocation prefix = s3Only.check("dataset.uri", "s3://pretrain-artifacts/images/");
    assertTrue(prefix.isPrefix());
    assertEquals("images", prefix.name());
  }

  @Test
  void refusesOtherSchemesHostsAndBuckets() {
    assertRefused("s3://other-bucket/a.csv", "bucket 'other-bucket' is not one this platform reads; allowed: "
        + "pretrain-artifacts, team-data");
    assertRefused("https://169.254.169.254/latest/meta-data", "https:// is not read by this platform");
    assertRefused("http://team-data/a.csv", "http:// is not read");
    assertRefused("s3://user:pw@team-data/a.csv", "is not a bucket name");
    assertRefused("s3://team-data:9000/a.csv", "is not a bucket name");
    assertRefused("s3://team-data/../pretrain-artifacts/x", "'..' segment");
    assertRefused("s3://team-data/", "names a whole bucket");
    assertRefused("team-data/a.csv", "a URI without a scheme is not read");
    assertRefused("file:///etc/passwd", "file:// data is not enabled on this installation");
  }

  @Test
  void refusesS3WhereNoEndpointIsConfigured() {
    SourcePolicy local = SourcePolicy.fromEnvironment(Map.of(ArtifactStores.STORE_URI, "file:///tmp/store"));
    SourceRefusedException e =
        assertThrows(SourceRefusedException.class, () -> local.check("dataset.uri", "s3://team-data/a.csv"));
    assertTrue(e.problem().contains("no S3 endpoint configured"), e.problem());
  }

  @Test
  void environmentAllowsTheStoreBucketAndTheOperatorsList() {
    SourcePolicy policy = SourcePolicy.fromEnvironment(Map.of(ArtifactStores.STORE_URI, "s3://pretrain-artifacts/x",
        SourcePolicy.DATA_BUCKETS, " team-data, lake ,"));
    assertEquals(List.of("lake", "pretrain-artifacts", "team-data"), policy.buckets());
    assertFalse(policy.allowsFiles());
  }

  @Test
  void filesOnlyUnderTheOperatorsDirectories() throws Exception {
    Path allowed = Files.createDirectories(work.resolve("data"));
    Path outside = Files.writeString(work.resolve("secret.txt"), "x");
    Files.createSymbolicLink(allowed.resolve("link.txt"), outside);
    SourcePolicy policy = new SourcePolicy(false, Set.of(), List.of(allowed));
    SourceLocation file = policy.check("dataset.uri", allowed.resolve("iris.csv").toUri().toString());
    assertEquals(allowed.resolve("iris.csv"), file.path());
    assertTrue(policy.check("dataset.uri", allowed.toUri().toString()).isPrefix());
    SourceRefusedException escape = assertThrows(SourceRefusedException.class,
        () -> policy.check("dataset.uri", "file://" + allowed + "/../secret.txt"));
    assertTrue(escape.problem().contains("outside the directories"), escape.problem());
    SourceRefusedException link = assertThrows(SourceRefusedException.class,
        () -> policy.check("dataset.uri", allowed.resolve("link.txt").toUri().toString()));
    assertTrue(link.problem().contains("links outside"), link.problem());
    SourceRefusedException host = assertThrows(SourceRefusedException.class,
        () -> policy.check("dataset.uri", "file://fileserver/share/a.csv"));
    assertTrue(host.problem().contains("no host"), host.problem());
  }

  private void assertRefused(String uri, String expected) {
    SourceRefusedException e = assertThrows(SourceRefusedException.class, () -> s3Only.check("pretrain.from", uri));
    assertEquals("pretrain.from", e.field());
    assertTrue(e.problem().contains(expected), e.problem());
  }
}
