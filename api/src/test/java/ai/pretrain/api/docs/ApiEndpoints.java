package ai.pretrain.api.docs;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The REST endpoints the API's resource classes declare, read from their JAX-RS annotations. */
final class ApiEndpoints {

  /** Quarkus's own endpoints the API serves under /q/. */
  private static final Set<String> QUARKUS_ENDPOINTS = Set.of("health", "metrics", "openapi", "swagger-ui");

  private record Endpoint(String method, String template, Pattern pattern) {}

  private final List<Endpoint> endpoints = new ArrayList<>();

  /** Every endpoint of the resource classes compiled under {@code classes} (the api module's target/classes). */
  static ApiEndpoints compiledIn(java.nio.file.Path classes) {
    ApiEndpoints api = new ApiEndpoints();
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(classes)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        api.add(Class.forName(name, false, ApiEndpoints.class.getClassLoader()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return api;
  }

  private void add(Class<?> resource) {
    Path base = resource.getAnnotation(Path.class);
    if (base == null) {
      return;
    }
    for (Method m : resource.getDeclaredMethods()) {
      String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
          : m.isAnnotationPresent(DELETE.class) ? "DELETE" : m.isAnnotationPresent(PUT.class) ? "PUT" : null;
      if (verb == null) {
        continue;
      }
      Path own = m.getAnnotation(Path.class);
      String template = base.value() + (own == null ? "" : own.value());
      String regex = template.replaceAll("\\{[^/]*?}", "[^/]+").replaceAll("/+$", "");
      endpoints.add(new Endpoint(verb, template, Pattern.compile(regex + "/?")));
    }
  }

  int size() {
    return endpoints.size();
  }

  /** Whether {@code path} (placeholders such as {@code $RUN}, {@code {id}} or {@code <id>} allowed) is served. */
  boolean serves(String method, String path) {
    String bare = path.replaceAll("[?#].*$", "");
    if (bare.startsWith("/q/")) {
      return QUARKUS_ENDPOINTS.contains(bare.substring(3).split("/")[0]);
    }
    String concrete = bare.replaceAll("\\$\\{?[A-Za-z_]+}?|\\{[^/}]+}|<[^/>]+>|…", "x");
    return endpoints.stream().anyMatch(e -> e.method().equals(method) && e.pattern().matcher(concrete).matches());
  }
}
