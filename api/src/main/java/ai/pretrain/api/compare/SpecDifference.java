package ai.pretrain.api.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One spec field whose value differs between the compared runs.
 *
 * @param field the field's dotted path in the parsed spec, defaults filled in ({@code pretrain.learningRate},
 *     {@code evaluate.baselines[1]})
 * @param values its value in each run, in the order the runs were named; {@code null} where a run's spec has none
 * @param change the values as text, {@code 0.001 -> 0.003}
 */
public record SpecDifference(
    String field,
    @Schema(type = SchemaType.ARRAY,
        description = "Any JSON value per run, null where absent") List<JsonNode> values,
    String change) {}
