package ai.pretrain.connection;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * How the API and the worker secure their Temporal connection: a client certificate and its key for mutual TLS
 * ({@code TEMPORAL_TLS_CERT}, {@code TEMPORAL_TLS_KEY}) and a private CA bundle for the server's certificate
 * ({@code TEMPORAL_TLS_CA}), all PEM files. Either a certificate or a CA turns TLS on; neither leaves the connection
 * plaintext. A missing or unreadable file is refused with the variable that names it.
 */
public record TemporalTls(Optional<String> cert, Optional<String> key, Optional<String> ca) {

  public static final String CERT_VARIABLE = "TEMPORAL_TLS_CERT";
  public static final String KEY_VARIABLE = "TEMPORAL_TLS_KEY";
  public static final String CA_VARIABLE = "TEMPORAL_TLS_CA";

  /** Blank values count as unset; a certificate without its key (or a key without its certificate) is refused. */
  public TemporalTls {
    cert = cert.filter(value -> !value.isBlank());
    key = key.filter(value -> !value.isBlank());
    ca = ca.filter(value -> !value.isBlank());
    if (cert.isPresent() && key.isEmpty()) {
      throw new IllegalArgumentException(CERT_VARIABLE + " is set but " + KEY_VARIABLE + " is not; set "
          + KEY_VARIABLE + " to the client certificate's private key (PKCS#8 PEM)");
    }
    if (key.isPresent() && cert.isEmpty()) {
      throw new IllegalArgumentException(KEY_VARIABLE + " is set but " + CERT_VARIABLE + " is not; set "
          + CERT_VARIABLE + " to the client certificate (PEM) that goes with the key");
    }
  }

  /** From possibly null values, as the worker reads them from its environment. */
  public static TemporalTls of(String cert, String key, String ca) {
    return new TemporalTls(Optional.ofNullable(cert), Optional.ofNullable(key), Optional.ofNullable(ca));
  }

  public boolean enabled() {
    return cert.isPresent() || ca.isPresent();
  }

  /** Sets the TLS context on the connection's options when TLS is configured; the options, for chaining. */
  public WorkflowServiceStubsOptions.Builder applyTo(WorkflowServiceStubsOptions.Builder options) {
    if (enabled()) {
      options.setSslContext(sslContext());
    }
    return options;
  }

  /** The client's TLS context: trusts the CA bundle (else the JVM's trust store) and presents the certificate. */
  public SslContext sslContext() {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    ca.ifPresent(path -> builder.trustManager(certificates(CA_VARIABLE, path, read(CA_VARIABLE, path))));
    if (cert.isPresent()) {
      byte[] chain = read(CERT_VARIABLE, cert.get());
      certificates(CERT_VARIABLE, cert.get(), chain);
      byte[] privateKey = read(KEY_VARIABLE, key.get());
      try {
        builder.keyManager(new ByteArrayInputStream(chain), new ByteArrayInputStream(privateKey));
      } catch (IllegalArgumentException e) {
        // The certificate parsed above, so what Netty could not read is the key.
        throw new IllegalArgumentException(KEY_VARIABLE + ": " + key.get() + " is not a PKCS#8 private key in PEM ("
            + e.getMessage() + ")", e);
      }
    }
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("the TLS files in " + CERT_VARIABLE + ", " + KEY_VARIABLE + " and "
          + CA_VARIABLE + " do not make a TLS context: " + e.getMessage(), e);
    }
  }

  private static X509Certificate[] certificates(String variable, String path, byte[] pem) {
    try {
      X509Certificate[] certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem)).stream()
          .map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
      if (certificates.length == 0) {
        throw new CertificateException("no certificate in it");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(variable + ": " + path + " is not a PEM certificate file: " + e.getMessage(),
          e);
    }
  }

  private static byte[] read(String variable, String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
      throw new IllegalArgumentException(variable + ": cannot read " + path + " (" + why + ")", e);
    }
  }
}
