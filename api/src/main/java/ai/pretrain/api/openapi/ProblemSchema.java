package ai.pretrain.api.openapi;

import ai.pretrain.api.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Puts the {@link Problem} schema among the document's components, where {@link ProblemResponses} refers to it: no
 * operation names the class itself.
 */
@OpenAPIDefinition(info = @Info(title = "Pretrain platform API", version = "0.1.0"),
    components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
public class ProblemSchema extends Application {
}
