package ai.pretrain.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.Sha256;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private static ApiKeys keys(String... entries) {
    return new ApiKeys(() -> Optional.of(List.of(entries)));
  }

  @Test
  void aKeyIsKnownByItsHashAlone() {
    ApiKeys keys = keys(Sha256.of("s3cret").toUpperCase() + ":alice:Submitter", " ");
    assertTrue(keys.enabled());
    assertEquals(Optional.of(new Caller("alice", Role.SUBMITTER)), keys.authenticate("s3cret"));
    assertEquals(Optional.empty(), keys.authenticate("S3cret"));
    assertEquals(Optional.empty(), keys.authenticate(Sha256.of("s3cret")));
  }

  @Test
  void noEntriesTurnAuthOff() {
    assertFalse(keys().enabled());
    assertFalse(new ApiKeys(Optional::empty).enabled());
  }

  @Test
  void malformedEntriesAreRefusedByPositionWithoutEchoingThem() {
    String hash = Sha256.of("k");
    for (String bad : List.of("abc:alice:viewer", hash + ":alice", hash + ":al ice:viewer", hash + ":alice:root")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys(hash + ":ok:viewer", bad));
      assertTrue(e.getMessage().startsWith("PRETRAIN_AUTH_API_KEY_HASHES entry 2"), e.getMessage());
      assertFalse(e.getMessage().contains(hash), e.getMessage());
    }
  }

  @Test
  void rolesAreOrdered() {
    assertTrue(Role.ADMIN.allows(Role.SUBMITTER));
    assertTrue(Role.SUBMITTER.allows(Role.VIEWER));
    assertFalse(Role.VIEWER.allows(Role.SUBMITTER));
    assertFalse(new Caller("bob", Role.SUBMITTER).sees("alice"));
    assertFalse(new Caller("bob", Role.SUBMITTER).sees(null));
    assertTrue(new Caller("root", Role.ADMIN).sees("alice"));
  }
}
