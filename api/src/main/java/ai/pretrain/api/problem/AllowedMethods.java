package ai.pretrain.api.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods each resource path answers, for the {@code Allow} header of a 405 (RFC 9110 requires it; the framework
 * sends none). Read once from the resource classes' JAX-RS annotations, so it cannot drift from the routing.
 */
@ApplicationScoped
public class AllowedMethods {

  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*([^{}]*))?}");

  private record Route(Pattern path, String method) {}

  private final List<Route> routes = new ArrayList<>();

  AllowedMethods(BeanManager beans) {
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      Path classPath = bean.getBeanClass().getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method method : bean.getBeanClass().getMethods()) {
        String httpMethod = httpMethod(method);
        if (httpMethod != null) {
          Path methodPath = method.getAnnotation(Path.class);
          String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
          routes.add(new Route(regex(template), httpMethod));
        }
      }
    }
  }

  /** Whether any resource method answers this path. */
  public boolean known(String path) {
    return !declared(path).isEmpty();
  }

  /** Whether a resource method declares this HTTP method for this path. */
  public boolean declares(String path, String method) {
    return declared(path).contains(method);
  }

  /** The {@code Allow} value for a request path: its declared methods, HEAD with GET, and OPTIONS (always served). */
  public String allowFor(String path) {
    Set<String> methods = declared(path);
    if (methods.contains(HttpMethod.GET)) {
      methods.add(HttpMethod.HEAD);
    }
    methods.add(HttpMethod.OPTIONS);
    return String.join(", ", methods);
  }

  private Set<String> declared(String path) {
    String normalized = "/" + path.replaceAll("^/+|/+$", "");
    Set<String> methods = new TreeSet<>();
    for (Route route : routes) {
      if (route.path().matcher(normalized).matches()) {
        methods.add(route.method());
      }
    }
    return methods;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (designator != null) {
        return designator.value();
      }
    }
    return null;
  }

  private static String join(String classPath, String methodPath) {
    String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }

  private static Pattern regex(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher variable = TEMPLATE_VARIABLE.matcher(template);
    int last = 0;
    while (variable.find()) {
      regex.append(Pattern.quote(template.substring(last, variable.start())));
      String own = variable.group(1);
      regex.append('(').append(own == null || own.isBlank() ? "[^/]+" : own.trim()).append(')');
      last = variable.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
