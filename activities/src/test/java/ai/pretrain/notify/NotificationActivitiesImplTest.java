package ai.pretrain.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.NotificationActivities;
import ai.pretrain.pipeline.RunNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivers to a real HTTP receiver on loopback that checks the signature as a user's receiver would; nothing here
 * sends traffic anywhere but 127.0.0.1.
 */
class NotificationActivitiesImplTest {

  private static final String SECRET = "receiver-and-worker-share-this";
  private static final WebhookLinks LINKS = new WebhookLinks("https://pretrain.example.com", "http://ui:8233", "ml");

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger replyStatus = new AtomicInteger(204);
  private HttpServer receiver;
  private TestActivityEnvironment env;
  private String url;

  private record Received(byte[] body, boolean signatureMatches, String delivery, String event) {}

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String expected = new WebhookSignature(SECRET).sign(body);
      String presented = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
      received.add(new Received(body, presented != null && MessageDigest.isEqual(expected.getBytes(),
          presented.getBytes()), exchange.getRequestHeaders().getFirst("Pretrain-Delivery"),
          exchange.getRequestHeaders().getFirst("Pretrain-Event")));
      exchange.sendResponseHeaders(replyStatus.get(), -1);
      exchange.close();
    });
    receiver.start();
    url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stopReceiver() {
    env.close();
    receiver.stop(0);
  }

  @Test
  void aReceiverGetsASignedBodyWithTheRunItsEndingTheBestMetricLinksAndASlackText() throws Exception {
    NotificationActivities webhooks = activities("127.0.0.1", Optional.of(new WebhookSignature(SECRET)));

    webhooks.deliver(new RunNotification("run-wine-1/completed/0", url, "run-wine-1", "wine", "completed", null,
        null, "accuracy", 0.9125));

    assertEquals(1, received.size());
    Received delivery = received.get(0);
    assertTrue(delivery.signatureMatches(), "HMAC-SHA256 of the raw body under the shared secret");
    assertEquals("run-wine-1/completed/0", delivery.delivery());
    assertEquals("completed", delivery.event());
    JsonNode body = new ObjectMapper().readTree(delivery.body());
    assertEquals("COMPLETED", body.get("status").asText());
    assertEquals("run-wine-1", body.get("runId").asText());
    assertEquals(0.9125, body.get("bestMetric").get("value").asDouble());
    assertEquals("https://pretrain.example.com/api/v1/runs/run-wine-1", body.get("links").get("run").asText());
    assertEquals("http://ui:8233/namespaces/ml/workflows/run-wine-1", body.get("links").get("temporal").asText());
    assertEquals("Run run-wine-1 (wine) completed: test accuracy 0.9125 "
        + "<https://pretrain.example.com/api/v1/runs/run-wine-1|open>", body.get("text").asText());
  }

  @Test
  void aFailedRunNamesTheStageAndTheMessage() throws Exception {
    activities("127.0.0.1", Optional.of(new WebhookSignature(SECRET))).deliver(new RunNotification(
        "run-x/failed/0", url, "run-x", "x", "failed", "pretrain", "loss became NaN at epoch 3", null, null));

    JsonNode body = new ObjectMapper().readTree(received.get(0).body());
    assertEquals("FAILED", body.get("status").asText());
    assertEquals("pretrain", body.get("failedStage").asText());
    assertEquals("loss became NaN at epoch 3", body.get("message").asText());
    assertTrue(body.get("bestMetric").isNull());
  }

  @Test
  void aReceiverThatIsDownIsRetriedAndOneThatRefusesTheBodyIsNot() {
    NotificationActivities webhooks = activities("127.0.0.1", Optional.of(new WebhookSignature(SECRET)));
    RunNotification ended = new RunNotification("run-x/completed/0", url, "run-x", "x", "completed", null, null,
        null, null);

    replyStatus.set(503);
    assertFalse(failure(() -> webhooks.deliver(ended)).isNonRetryable(), "a 503 may pass");
    replyStatus.set(404);
    assertTrue(failure(() -> webhooks.deliver(ended)).isNonRetryable(), "a 404 will not change on retry");
    receiver.stop(0);
    ApplicationFailure down = failure(() -> webhooks.deliver(ended));
    assertFalse(down.isNonRetryable(), "nothing listening may come back: " + down.getOriginalMessage());
  }

  @Test
  void aHostOffTheAllowlistOrResolvingToLoopbackWithoutItsAddressListedIsNeverContacted() {
    NotificationActivities localhostOnly = activities("localhost", Optional.of(new WebhookSignature(SECRET)));
    String byName = url.replace("127.0.0.1", "localhost");

    ApplicationFailure loopback = failure(() -> localhostOnly.deliver(new RunNotification("d", byName, "run-x", "x",
        "completed", null, null, null, null)));
    ApplicationFailure offList = failure(() -> localhostOnly.deliver(new RunNotification("d", url, "run-x", "x",
        "completed", null, null, null, null)));

    assertTrue(loopback.isNonRetryable() && offList.isNonRetryable());
    assertTrue(loopback.getOriginalMessage().contains("resolves to 127.0.0.1"), loopback.getOriginalMessage());
    assertTrue(offList.getOriginalMessage().contains("not on the operator's webhook allowlist"),
        offList.getOriginalMessage());
    assertEquals(List.of(), received);
  }

  @Test
  void theConnectionGoesToTheAddressesTheCheckAllowedNotToAFreshLookup() {
    // hooks.receiver.test is in no DNS: only the checked answer, the loopback receiver (its address listed), reaches it
    WebhookHosts hosts = WebhookHosts.parse("hooks.receiver.test, 127.0.0.1",
        host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});

    activities(hosts).deliver(new RunNotification("d", url.replace("127.0.0.1", "hooks.receiver.test"), "run-x", "x",
        "completed", null, null, null, null));

    assertEquals(1, received.size());
  }

  @Test
  void aNameThatRebindsInwardBetweenTheCheckAndTheConnectionReachesNothing() {
    AtomicInteger lookups = new AtomicInteger();
    WebhookHosts hosts = WebhookHosts.parse("hooks.rebinding.test", host -> new InetAddress[] {
        InetAddress.getByAddress(host, lookups.getAndIncrement() == 0 ? new byte[] {93, (byte) 184, (byte) 215, 14}
            : new byte[] {127, 0, 0, 1})});

    ApplicationFailure refused = failure(() -> activities(hosts).deliver(new RunNotification("d",
        url.replace("127.0.0.1", "hooks.rebinding.test"), "run-x", "x", "completed", null, null, null, null)));

    assertEquals(2, lookups.get(), "the check's lookup, then the connection's");
    assertTrue(refused.isNonRetryable());
    assertTrue(refused.getOriginalMessage().contains("resolves to 127.0.0.1"), refused.getOriginalMessage());
    assertEquals(List.of(), received);
  }

  @Test
  void withoutASecretNothingIsSentUnsigned() {
    ApplicationFailure unsigned = failure(() -> activities("127.0.0.1", Optional.empty()).deliver(
        new RunNotification("d", url, "run-x", "x", "completed", null, null, null, null)));

    assertTrue(unsigned.isNonRetryable());
    assertTrue(unsigned.getOriginalMessage().contains(WebhookSignature.SECRET), unsigned.getOriginalMessage());
    assertEquals(List.of(), received);
  }

  @Test
  void privateRangesAreRefusedUnlessTheirAddressIsListed() {
    WebhookHosts hosts = WebhookHosts.parse("10.0.0.5, 169.254.169.254-not-listed, 192.168.1.9, [::1]");
    assertTrue(hosts.problem("https://10.0.0.5/hook").isEmpty());
    assertTrue(hosts.problem("https://[::1]:8443/hook").isEmpty());
    assertTrue(hosts.problem("https://169.254.169.254/latest").orElseThrow().contains("allowlist"));
    assertTrue(hosts.problem("ftp://10.0.0.5/hook").orElseThrow().contains("http(s)"));
    assertTrue(hosts.problem("https://user@10.0.0.5/hook").orElseThrow().contains("user info"));
  }

  private NotificationActivities activities(String hosts, Optional<WebhookSignature> signature) {
    env.registerActivitiesImplementations(new NotificationActivitiesImpl(
        new WebhookSettings(WebhookHosts.parse(hosts), signature, LINKS)));
    return env.newActivityStub(NotificationActivities.class);
  }

  private NotificationActivities activities(WebhookHosts hosts) {
    env.registerActivitiesImplementations(new NotificationActivitiesImpl(
        new WebhookSettings(hosts, Optional.of(new WebhookSignature(SECRET)), LINKS)));
    return env.newActivityStub(NotificationActivities.class);
  }

  private static ApplicationFailure failure(org.junit.jupiter.api.function.Executable call) {
    ActivityFailure failed = assertThrows(ActivityFailure.class, call);
    return assertInstanceOf(ApplicationFailure.class, failed.getCause());
  }
}
