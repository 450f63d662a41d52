package ai.pretrain.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a webhook body under the operator's secret ({@code PRETRAIN_WEBHOOK_SECRET}), sent as
 * {@code Pretrain-Signature: sha256=<hex>}; a receiver recomputes it over the raw body it received and compares.
 */
public final class WebhookSignature {

  public static final String SECRET = "PRETRAIN_WEBHOOK_SECRET";
  public static final String HEADER = "Pretrain-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public WebhookSignature(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The header value for {@code body}: {@code sha256=} and the lowercase hex digest. */
  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }
}
