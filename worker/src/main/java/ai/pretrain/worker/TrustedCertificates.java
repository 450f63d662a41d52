package ai.pretrain.worker;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A trust manager for a private CA's PEM bundle, for Temporal clusters whose certificates a public CA did not sign. */
final class TrustedCertificates {

  private TrustedCertificates() {}

  static X509TrustManager from(String pemPath) throws IOException {
    try (InputStream in = new FileInputStream(pemPath)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("TEMPORAL_TLS_CA: cannot read the CA bundle " + pemPath + ": " + e.getMessage(), e);
    }
  }
}
