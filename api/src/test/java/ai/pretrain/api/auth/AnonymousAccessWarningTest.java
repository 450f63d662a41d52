package ai.pretrain.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An API started without keys or OIDC says, once and as a warning, that anyone can use it. */
@QuarkusTest
@TestProfile(AnonymousLogProfile.class)
class AnonymousAccessWarningTest {

  @Test
  void startingWithoutAuthenticationLogsOneWarning() throws IOException {
    List<String> warnings = Files.readAllLines(Path.of(AnonymousLogProfile.LOG_FILE)).stream()
        .filter(line -> line.contains("authentication is OFF")).toList();

    assertEquals(1, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.get(0).contains("WARN"), warnings.get(0));
    assertTrue(warnings.get(0).contains("delete their artifacts"), warnings.get(0));
  }
}
