package ai.pretrain.api.auth;

import ai.pretrain.api.ApiKeysProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** OIDC on, trusting the test's own signing key through a JWKS file, beside the API keys of {@link ApiKeysProfile}. */
public class OidcProfile extends ApiKeysProfile {

  public static final String ISSUER = "https://login.example.test/realms/ml";
  public static final String AUDIENCE = "pretrain-api";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    try {
      Path jwks = Files.createTempFile("jwks-", ".json");
      Files.writeString(jwks, TestTokens.PROVIDER.jwks());
      jwks.toFile().deleteOnExit();
      config.put("pretrain.auth.oidc.jwks-file", jwks.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("pretrain.auth.oidc.issuer", ISSUER);
    config.put("pretrain.auth.oidc.audience", AUDIENCE);
    config.put("pretrain.auth.oidc.owner-claim", "preferred_username");
    config.put("pretrain.auth.oidc.roles-claim", "realm_access.roles");
    return config;
  }
}
