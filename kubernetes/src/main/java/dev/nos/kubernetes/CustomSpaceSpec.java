package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

import java.util.List;

/**
 * A search space of the user's own: its operands, unary and binary functions (tokens of the rule language's token
 * form), groups and sampling constraints. {@link SpecSettings} writes it as the engine's text form
 * ({@code dev.nos.rule.space.CustomSpaceText}); a token that does not parse is an {@code Invalid} condition naming it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomSpaceSpec {
    @JsonPropertyDescription("Operand tokens: g g^2 g^3 m v gamma sign(g) sign(m) 1 2 eps 1e-4*w ... adam rmsprop ld cd cd(N) rd(N) eps_t. Default: the small space's.")
    private List<String> operands;

    @JsonPropertyDescription("Unary function tokens: id neg exp log sqrt sign clip(L) drop(P). Default: the small space's.")
    private List<String> unaryFunctions;

    @JsonPropertyDescription("Binary function tokens: add sub mul div pow keep. Default: all six.")
    private List<String> binaryFunctions;

    @JsonPropertyDescription("Groups of every rule, 1 to 4. Default 2.")
    @Min(1)
    @Max(4)
    private Integer groups;

    @JsonPropertyDescription("The paper's sampling constraints to apply: distinct, last-not-add, earlier-result. Default: all three; [] for none.")
    private List<Constraint> constraints;

    /** The paper's sampling constraints (docs/rule-language.md), as the schema spells them. */
    public enum Constraint {
        @JsonProperty("distinct") DISTINCT,
        @JsonProperty("last-not-add") LAST_NOT_ADD,
        @JsonProperty("earlier-result") EARLIER_RESULT
    }

    public List<String> getOperands() { return operands; }
    public void setOperands(List<String> operands) { this.operands = operands; }
    public List<String> getUnaryFunctions() { return unaryFunctions; }
    public void setUnaryFunctions(List<String> unaryFunctions) { this.unaryFunctions = unaryFunctions; }
    public List<String> getBinaryFunctions() { return binaryFunctions; }
    public void setBinaryFunctions(List<String> binaryFunctions) { this.binaryFunctions = binaryFunctions; }
    public Integer getGroups() { return groups; }
    public void setGroups(Integer groups) { this.groups = groups; }
    public List<Constraint> getConstraints() { return constraints; }
    public void setConstraints(List<Constraint> constraints) { this.constraints = constraints; }
}
