package ai.pretrain.api.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.api.ApiKeysProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditional write the model registry numbers versions with: of 20 writers racing to create one object, in MinIO
 * (If-None-Match: *) and in a directory (link), exactly one succeeds and its content is what is stored.
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
class ConditionalCreateTest {

  @Inject StoreReader minio;
  @TempDir Path root;

  @Test
  void exactlyOneOfTwentyConcurrentCreatorsWinsInMinio() throws Exception {
    race(minio, minio.uriOf("models/create-test/versions/" + UUID.randomUUID() + ".json"));
  }

  @Test
  void exactlyOneOfTwentyConcurrentCreatorsWinsInADirectory() throws Exception {
    DirectoryStoreReader directory = new DirectoryStoreReader(root);
    race(directory, directory.uriOf("models/create-test/versions/1.json"));
  }

  private static void race(StoreReader store, String uri) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Boolean>> created = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
        created.add(pool.submit(() -> {
          start.await();
          return store.create(uri, content);
        }));
      }
      start.countDown();
      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < created.size(); i++) {
        if (created.get(i).get()) {
          winners.add(i);
        }
      }
      assertEquals(1, winners.size(), "writers that created " + uri + ": " + winners);
      assertArrayEquals(("writer " + winners.get(0)).getBytes(StandardCharsets.UTF_8),
          store.readSmall(uri).orElseThrow());
    } finally {
      pool.shutdownNow();
      store.delete(uri);
    }
  }
}
