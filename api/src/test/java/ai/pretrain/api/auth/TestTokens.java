package ai.pretrain.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An identity provider of the test's own: an RSA key that signs RS256 tokens, and its JWKS. */
final class TestTokens {

  static final TestTokens PROVIDER = new TestTokens("provider-key-1");
  static final TestTokens IMPOSTOR = new TestTokens("provider-key-1");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String kid;
  private final KeyPair keys;

  private TestTokens(String kid) {
    this.kid = kid;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String jwks() {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
        + b64.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
        + b64.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}";
  }

  /** The claims of a valid token for {@code user} with these realm roles; tests change one claim at a time. */
  static Map<String, Object> claims(String user, String... roles) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", OidcProfile.ISSUER);
    claims.put("aud", List.of(OidcProfile.AUDIENCE, "account"));
    claims.put("sub", "3f1c2a9e-user-" + user);
    claims.put("preferred_username", user);
    claims.put("iat", now);
    claims.put("nbf", now - 5);
    claims.put("exp", now + 300);
    claims.put("realm_access", Map.of("roles", List.of(roles)));
    return claims;
  }

  String sign(Map<String, Object> claims) {
    return sign(claims, "RS256");
  }

  String sign(Map<String, Object> claims, String alg) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String header = b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT", "kid", kid)));
      String payload = b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(keys.getPrivate());
      signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
        : twosComplement;
  }
}
