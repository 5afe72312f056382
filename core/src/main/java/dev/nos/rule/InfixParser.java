package dev.nos.rule;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the infix form into an {@link Expr} and compiles it into groups with {@link RuleCompiler}.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := '-' unary | power
 * power   := primary ('^' unary)?                 right-associative, binds tighter than unary minus
 * primary := NUMBER '*' 'w'                       a weight operand such as 1e-3*w (atomic)
 *          | '1' | '2' | operand name | 'cd' ['(' NUMBER ')'] | 'rd' '(' NUMBER ')'
 *          | 'exp' '(' expr ')' | 'sign' '(' expr ')'
 *          | 'log' '(' 'abs' '(' expr ')' ')' | 'sqrt' '(' 'abs' '(' expr ')' ')'
 *          | 'clip' '(' expr ',' NUMBER ')' | 'drop' '(' expr ',' NUMBER ')'
 *          | '(' expr ')'
 * </pre>
 * {@code g ^ 2} and {@code g ^ 3} (the operand g, the literal exponent) become the operands {@code g^2}, {@code g^3};
 * {@code x / y} means {@code x / (y + delta)}.
 */
public final class InfixParser {
    /** Deepest nesting of parentheses, calls and unary minus accepted (guards the stack). */
    static final int MAX_DEPTH = 64;

    private static final String OPERANDS = "g g^2 g^3 m v gamma sign(g) sign(m) 1 2 eps 1e-4*w 1e-3*w 1e-2*w 1e-1*w adam rmsprop "
            + "ld cd cd(N) rd(N) eps_t";
    private static final String FUNCTIONS = "exp(x) log(abs(x)) sqrt(abs(x)) clip(x, L) drop(x, P) sign(x)";

    private final String text;
    private final List<InfixLexer.Token> tokens;
    private final Map<Expr, Integer> positions = new IdentityHashMap<>();
    private int next;
    private int depth;

    private InfixParser(String text) {
        this.text = text;
        this.tokens = InfixLexer.tokenize(text);
    }

    /** Parses infix text into a rule (same as {@link Rule#parseInfix}). */
    public static Rule parse(String text) {
        return parse(text, RuleCompiler.SignOperands.WHEN_NESTED);
    }

    /** Parses infix text into a rule, compiling {@code sign(g)} / {@code sign(m)} as {@code policy} says. */
    public static Rule parse(String text, RuleCompiler.SignOperands policy) {
        if (text == null) {
            throw new RuleSyntaxException("", 0, "no rule given");
        }
        InfixParser p = new InfixParser(text);
        Expr e = p.parseExpression();
        return RuleCompiler.compile(e, policy, text, p.positions);
    }

    /** Parses infix text into an expression tree (no compilation into groups, so no limit on its size). */
    public static Expr parseExpression(String text) {
        if (text == null) {
            throw new RuleSyntaxException("", 0, "no rule given");
        }
        return new InfixParser(text).parseExpression();
    }

    private Expr parseExpression() {
        if (peek().type() == InfixLexer.Type.END) {
            throw error(peek(), "empty rule: expected an expression such as exp(sign(g) * sign(m)) * g");
        }
        Expr e = expr();
        InfixLexer.Token t = peek();
        if (t.type() != InfixLexer.Type.END) {
            String hint = t.is(")") ? ": this ')' has no matching '('" : ": expected an operator + - * / ^";
            throw error(t, "unexpected " + t.describe() + " after a complete expression" + hint);
        }
        return e;
    }

    private InfixLexer.Token peek() {
        return tokens.get(next);
    }

    private InfixLexer.Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private InfixLexer.Token take() {
        InfixLexer.Token t = tokens.get(next);
        if (t.type() != InfixLexer.Type.END) {
            next++;
        }
        return t;
    }

    private RuleSyntaxException error(InfixLexer.Token at, String reason) {
        return new RuleSyntaxException(text, at.start(), reason);
    }

    private RuleSyntaxException error(int at, String reason) {
        return new RuleSyntaxException(text, at, reason);
    }

    private Expr at(Expr e, int start) {
        positions.putIfAbsent(e, start);
        return e;
    }

    private int startOf(Expr e) {
        return positions.getOrDefault(e, 0);
    }

    private void enter(InfixLexer.Token t) {
        if (++depth > MAX_DEPTH) {
            throw error(t, "the rule nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Expr expr() {
        Expr left = term();
        while (peek().is("+") || peek().is("-")) {
            BinaryFunction b = take().is("+") ? BinaryFunction.ADD : BinaryFunction.SUB;
            Expr right = term();
            left = at(new Expr.Combine(b, left, right), startOf(left));
        }
        return left;
    }

    private Expr term() {
        Expr left = unary();
        while (peek().is("*") || peek().is("/")) {
            BinaryFunction b = take().is("*") ? BinaryFunction.MUL : BinaryFunction.DIV;
            Expr right = unary();
            left = at(new Expr.Combine(b, left, right), startOf(left));
        }
        return left;
    }

    private Expr unary() {
        if (peek().is("-")) {
            InfixLexer.Token minus = take();
            enter(minus);
            Expr x = unary();
            depth--;
            return at(new Expr.Apply(UnaryFunction.NEG_, x), minus.start());
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (!peek().is("^")) {
            return base;
        }
        InfixLexer.Token caret = take();
        if (base instanceof Expr.Leaf l && l.operand().kind() == Operand.Kind.G && isLiteralExponent()) {
            InfixLexer.Token n = take();
            return at(Expr.leaf(Double.parseDouble(n.text()) == 2 ? Operand.G2_ : Operand.G3_), startOf(base));
        }
        enter(caret);
        Expr exponent = unary();
        depth--;
        return at(new Expr.Combine(BinaryFunction.POW, base, exponent), startOf(base));
    }

    /** The next token is the bare literal 2 or 3 (not the start of a weight, not followed by another ^). */
    private boolean isLiteralExponent() {
        InfixLexer.Token n = peek();
        if (n.type() != InfixLexer.Type.NUMBER) {
            return false;
        }
        double value = Double.parseDouble(n.text());
        if (value != 2 && value != 3) {
            return false;
        }
        return !peek(1).is("^") && !(peek(1).is("*") && peek(2).isName("w"));
    }

    private Expr primary() {
        InfixLexer.Token t = take();
        switch (t.type()) {
            case NUMBER -> {
                return number(t);
            }
            case NAME -> {
                return name(t);
            }
            case SYMBOL -> {
                if (t.is("(")) {
                    enter(t);
                    Expr e = expr();
                    expect(")", "to close the '(' at position " + t.start());
                    depth--;
                    return e;
                }
                throw error(t, "expected an operand, a function or '(', found " + t.describe());
            }
            default -> throw error(t, "the rule ends too early: expected an operand, a function or '('");
        }
    }

    private Expr number(InfixLexer.Token t) {
        double value = Double.parseDouble(t.text());
        if (peek().is("*") && peek(1).isName("w")) {
            take();
            take();
            try {
                return at(Expr.leaf(Operand.weight(value)), t.start());
            } catch (IllegalArgumentException e) {
                throw error(t, "a weight operand needs a positive finite scale, found " + t.text() + "*w");
            }
        }
        if (value == 1) {
            return at(Expr.leaf(Operand.ONE_), t.start());
        }
        if (value == 2) {
            return at(Expr.leaf(Operand.TWO_), t.start());
        }
        throw error(t, t.text() + " is not an operand: the constants are 1 and 2 (a number may also scale the weights, as in 1e-3*w)");
    }

    private Expr name(InfixLexer.Token t) {
        String name = t.text();
        Operand plain = plainOperand(name);
        if (plain != null) {
            if (peek().is("(")) {
                throw error(peek(), name + " is an operand, not a function: it takes no '('");
            }
            return at(Expr.leaf(plain), t.start());
        }
        switch (name) {
            case "cd" -> {
                if (!peek().is("(")) {
                    return at(Expr.leaf(Operand.CD_), t.start());
                }
                double n = periods(t);
                return at(Expr.leaf(Operand.cd(n)), t.start());
            }
            case "rd" -> {
                if (!peek().is("(")) {
                    throw error(peek(), "rd needs its number of periods, as in rd(20)");
                }
                double n = periods(t);
                return at(Expr.leaf(Operand.rd(n)), t.start());
            }
            case "w" -> throw error(t, "w alone is not an operand: scale the weights, as in 1e-3*w");
            case "abs" -> throw error(t, "abs(x) alone is not a function: use it inside log(abs(x)) or sqrt(abs(x))");
            case "exp" -> {
                return call(t, UnaryFunction.EXP_);
            }
            case "sign" -> {
                return call(t, UnaryFunction.SIGN_);
            }
            case "log", "sqrt" -> {
                return absCall(t, name.equals("log") ? UnaryFunction.LOG_ : UnaryFunction.SQRT_);
            }
            case "clip", "drop" -> {
                return parameterCall(t, name);
            }
            default -> throw error(t, "unknown name '" + name + "': expected an operand (" + OPERANDS + ") or a function ("
                    + FUNCTIONS + ")");
        }
    }

    private static Operand plainOperand(String name) {
        return switch (name) {
            case "g" -> Operand.G_;
            case "m" -> Operand.M_;
            case "v" -> Operand.V_;
            case "gamma" -> Operand.GAMMA_;
            case "eps" -> Operand.EPS_;
            case "eps_t" -> Operand.EPS_T_;
            case "adam" -> Operand.ADAM_;
            case "rmsprop" -> Operand.RMSPROP_;
            case "ld" -> Operand.LD_;
            default -> null;
        };
    }

    /** {@code ( NUMBER )} after cd or rd. */
    private double periods(InfixLexer.Token name) {
        take(); // '('
        InfixLexer.Token n = take();
        if (n.type() != InfixLexer.Type.NUMBER) {
            throw error(n, name.text() + "(N) needs a number of periods N, found " + n.describe());
        }
        expect(")", "to close " + name.text() + "(");
        double value = Double.parseDouble(n.text());
        if (!(value > 0) || Double.isInfinite(value)) {
            throw error(n, name.text() + " needs a positive number of periods, found " + n.text());
        }
        return value;
    }

    private Expr call(InfixLexer.Token name, UnaryFunction f) {
        int start = name.start();
        expect("(", "after " + name.text());
        enter(name);
        Expr x = expr();
        expect(")", "to close " + name.text() + "(");
        depth--;
        return at(new Expr.Apply(f, x), start);
    }

    private Expr absCall(InfixLexer.Token name, UnaryFunction f) {
        expect("(", "after " + name.text());
        InfixLexer.Token abs = peek();
        if (!abs.isName("abs") || !peek(1).is("(")) {
            throw error(abs, "the language has " + name.text() + "|x| only: write " + name.text() + "(abs(x))");
        }
        take();
        take();
        enter(name);
        Expr x = expr();
        expect(")", "to close abs(");
        expect(")", "to close " + name.text() + "(");
        depth--;
        return at(new Expr.Apply(f, x), name.start());
    }

    private Expr parameterCall(InfixLexer.Token name, String kind) {
        boolean clip = kind.equals("clip");
        expect("(", "after " + kind);
        enter(name);
        Expr x = expr();
        expect(",", "then the " + (clip ? "bound L of clip(x, L)" : "probability P of drop(x, P)"));
        InfixLexer.Token n = take();
        if (n.type() != InfixLexer.Type.NUMBER) {
            throw error(n, (clip ? "clip(x, L) needs a number L" : "drop(x, P) needs a number P") + ", found " + n.describe());
        }
        expect(")", "to close " + kind + "(");
        depth--;
        double value = Double.parseDouble(n.text());
        UnaryFunction f;
        try {
            f = clip ? UnaryFunction.clip(value) : UnaryFunction.drop(value);
        } catch (IllegalArgumentException e) {
            throw error(n, e.getMessage());
        }
        return at(new Expr.Apply(f, x), name.start());
    }

    private void expect(String symbol, String why) {
        InfixLexer.Token t = peek();
        if (!t.is(symbol)) {
            throw error(t, "expected '" + symbol + "' " + why + ", found " + t.describe());
        }
        take();
    }
}
