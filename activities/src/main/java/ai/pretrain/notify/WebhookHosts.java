package ai.pretrain.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's allowlist of webhook hosts ({@code PRETRAIN_WEBHOOK_HOSTS}, comma-separated host names or IP
 * literals), checked when a spec is submitted and again before every delivery: the URL's host must be on the list, and
 * every address it resolves to must be public (not loopback, private, link-local, carrier-grade NAT, unique-local or
 * multicast) unless the list names that address itself. So an allowed name that comes to resolve inward is refused.
 * Delivery connects only to the addresses {@link #addresses} checked (the HTTP client's name lookup), so a name that
 * resolves outward for the check and inward for the connection (DNS rebinding) reaches nothing.
 */
public final class WebhookHosts {

  /** A name lookup: the JDK's resolver, or a fixed answer in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A host the platform may not send to, with the reason and the fix as its message. */
  public static final class RefusedHost extends UnknownHostException {
    RefusedHost(String reason) {
      super(reason);
    }
  }

  /** The environment variable (and the API's {@code pretrain.webhooks.hosts}) holding the allowlist. */
  public static final String HOSTS = "PRETRAIN_WEBHOOK_HOSTS";

  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*");

  private final Set<String> allowed;
  private final Resolver resolver;

  private WebhookHosts(Set<String> allowed, Resolver resolver) {
    this.allowed = allowed;
    this.resolver = resolver;
  }

  /** The allowlist from a comma-separated value; blank allows no host. */
  public static WebhookHosts parse(String value) {
    return parse(value, InetAddress::getAllByName);
  }

  static WebhookHosts parse(String value, Resolver resolver) {
    return new WebhookHosts(Arrays.stream(value == null ? new String[0] : value.split(","))
        .map(host -> canonical(host.trim())).filter(host -> !host.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new)), resolver);
  }

  /** Why the platform may not send to {@code url}, with the fix; empty when it may. */
  public Optional<String> problem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return Optional.of("'" + url + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return Optional.of("'" + url + "' must be an http(s) URL with a host and no user info");
    }
    try {
      addresses(uri.getHost());
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The addresses {@code host} resolves to, each one allowed: the only ones a delivery connects to. A host off the
   * list, or one address of it that is inward and not listed itself, is a {@link RefusedHost}.
   */
  public List<InetAddress> addresses(String host) throws UnknownHostException {
    String name = canonical(host);
    if (!allowed.contains(name)) {
      throw new RefusedHost("host '" + name + "' is not on the operator's webhook allowlist (" + HOSTS + ": "
          + (allowed.isEmpty() ? "empty" : String.join(", ", allowed)) + "); use an allowed host or ask the operator "
          + "to add it");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw new UnknownHostException("host '" + name + "' does not resolve; check the URL");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address) && !allowed.contains(address.getHostAddress().toLowerCase(Locale.ROOT))) {
        throw new RefusedHost("host '" + name + "' resolves to " + address.getHostAddress() + ", a loopback, "
            + "private or link-local address; the operator must allowlist that address itself to allow it");
      }
    }
    return List.of(addresses);
  }

  private static boolean isPublic(InetAddress address) {
    byte[] bytes = address.getAddress();
    boolean carrierNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    boolean thisNetwork = bytes.length == 4 && bytes[0] == 0;
    boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
    return !(address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress() || carrierNat || thisNetwork || uniqueLocal);
  }

  /** A host name in lowercase; an IP literal in the JDK's one spelling of it, so {@code [::1]} is listed as ::1. */
  private static String canonical(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    name = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (!IP_LITERAL.matcher(name).matches()) {
      return name;
    }
    try {
      // a literal is parsed, never looked up
      return InetAddress.getByName(name).getHostAddress().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return name;
    }
  }
}
