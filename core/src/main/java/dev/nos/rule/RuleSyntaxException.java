package dev.nos.rule;

/**
 * A rule text that does not parse, or that the language (or a search space) cannot express. Names the
 * position (0-based character offset into {@link #input()}) and what was expected there.
 */
public class RuleSyntaxException extends IllegalArgumentException {
    private final String input;
    private final int position;
    private final String reason;

    public RuleSyntaxException(String input, int position, String reason) {
        super(describe(input, position, reason));
        this.input = input;
        this.position = position;
        this.reason = reason;
    }

    private static String describe(String input, int position, String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append("at position ").append(position).append(": ").append(reason);
        if (input != null && input.indexOf('\n') < 0 && input.length() <= 200) {
            sb.append("\n  ").append(input).append("\n  ");
            sb.append(" ".repeat(Math.max(0, Math.min(position, input.length())))).append('^');
        }
        return sb.toString();
    }

    /** The text that was being parsed. */
    public String input() {
        return input;
    }

    /** 0-based character offset of the problem in {@link #input()}. */
    public int position() {
        return position;
    }

    /** The problem alone, without position or excerpt. */
    public String reason() {
        return reason;
    }
}
