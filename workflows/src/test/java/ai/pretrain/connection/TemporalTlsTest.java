package ai.pretrain.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared TLS set-up, with a self-signed certificate made by the JDK's keytool for this test: against an in-process
 * gRPC server that requires a client certificate signed by it, the connection with the certificate gets through the
 * handshake (the server then answers UNIMPLEMENTED, having no Temporal service) and one without it does not.
 */
class TemporalTlsTest {

  private static final char[] PASSWORD = "test-only".toCharArray();

  @TempDir static Path dir;
  private static Path cert;
  private static Path key;

  @BeforeAll
  static void selfSignedCertificate() throws Exception {
    Path store = dir.resolve("localhost.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), "keytool: " + output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    cert = dir.resolve("client.pem");
    key = dir.resolve("client.key");
    Files.writeString(cert, pem("CERTIFICATE", keys.getCertificate("localhost").getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", keys.getKey("localhost", PASSWORD).getEncoded()));
  }

  @Test
  void mutualTlsGetsThroughAServerThatRequiresTheClientCertificate() throws Exception {
    Server server = NettyServerBuilder.forPort(0)
        .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(cert.toFile(), key.toFile()))
            .trustManager(cert.toFile())
            .clientAuth(ClientAuth.REQUIRE)
            .build())
        .build().start();
    try {
      String target = "localhost:" + server.getPort();
      TemporalTls mutual = TemporalTls.of(cert.toString(), key.toString(), cert.toString());
      assertEquals(Status.Code.UNIMPLEMENTED, call(target, mutual));
      TemporalTls serverOnly = TemporalTls.of(null, null, cert.toString());
      assertEquals(Status.Code.UNAVAILABLE, call(target, serverOnly));
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void nothingSetLeavesTheConnectionPlaintext() {
    TemporalTls none = new TemporalTls(Optional.of(" "), Optional.empty(), Optional.empty());
    assertFalse(none.enabled());
    assertNull(none.applyTo(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:7233"))
        .build().getSslContext());
    assertTrue(TemporalTls.of(null, null, cert.toString()).enabled());
  }

  @Test
  void eachBadSettingIsRefusedNamingItsVariable() throws Exception {
    Path missing = dir.resolve("absent.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a PEM file\n");
    List<Case> cases = List.of(
        new Case(() -> TemporalTls.of(cert.toString(), null, null), "TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY"),
        new Case(() -> TemporalTls.of(null, key.toString(), null), "TEMPORAL_TLS_KEY is set but TEMPORAL_TLS_CERT"),
        new Case(() -> TemporalTls.of(missing.toString(), key.toString(), null).sslContext(),
            "TEMPORAL_TLS_CERT: cannot read " + missing + " (no such file)"),
        new Case(() -> TemporalTls.of(cert.toString(), missing.toString(), null).sslContext(),
            "TEMPORAL_TLS_KEY: cannot read " + missing),
        new Case(() -> TemporalTls.of(null, null, missing.toString()).sslContext(),
            "TEMPORAL_TLS_CA: cannot read " + missing),
        new Case(() -> TemporalTls.of(null, null, garbage.toString()).sslContext(),
            "TEMPORAL_TLS_CA: " + garbage + " is not a PEM certificate file"),
        new Case(() -> TemporalTls.of(garbage.toString(), key.toString(), null).sslContext(),
            "TEMPORAL_TLS_CERT: " + garbage + " is not a PEM certificate file"),
        new Case(() -> TemporalTls.of(cert.toString(), garbage.toString(), null).sslContext(),
            "TEMPORAL_TLS_KEY: " + garbage + " is not a PKCS#8 private key in PEM"));
    for (Case c : cases) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, c.setting::run);
      assertTrue(refused.getMessage().startsWith(c.message), "expected '" + c.message + "…', got: "
          + refused.getMessage());
    }
  }

  private record Case(ThrowingRunnable setting, String message) {}

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static Status.Code call(String target, TemporalTls tls) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        tls.applyTo(WorkflowServiceStubsOptions.newBuilder().setTarget(target)).build());
    try {
      stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
      throw new AssertionError("the stand-in server has no Temporal service to answer with");
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      stubs.shutdownNow();
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
