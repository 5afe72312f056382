package dev.nos.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits infix rule text into tokens: numbers, names, {@code ( ) , + - * / ^}. */
final class InfixLexer {
    private InfixLexer() {}

    enum Type { NUMBER, NAME, SYMBOL, END }

    /** One token: its type, text and 0-based start in the input. */
    record Token(Type type, String text, int start) {
        boolean is(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }

        boolean isName(String name) {
            return type == Type.NAME && text.equals(name);
        }

        String describe() {
            return type == Type.END ? "the end of the rule" : "'" + text + "'";
        }
    }

    private static final Pattern NUMBER = Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SYMBOLS = "()+-*/^,";

    static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        Matcher number = NUMBER.matcher(text);
        Matcher name = NAME.matcher(text);
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (SYMBOLS.indexOf(c) >= 0) {
                out.add(new Token(Type.SYMBOL, String.valueOf(c), i));
                i++;
            } else if (number.region(i, n).lookingAt()) {
                out.add(new Token(Type.NUMBER, number.group(), i));
                i = number.end();
            } else if (name.region(i, n).lookingAt()) {
                out.add(new Token(Type.NAME, name.group(), i));
                i = name.end();
            } else if (c == '#') {
                throw new RuleSyntaxException(text, i, "group results (#0, #1, ...) exist only in the token form; "
                        + "in infix write the subexpression itself");
            } else if (c == '|') {
                throw new RuleSyntaxException(text, i, "write |x| as abs(x), inside log(abs(x)) or sqrt(abs(x))");
            } else {
                throw new RuleSyntaxException(text, i, "unexpected character '" + printable(c)
                        + "': expected an operand, a function, a number, ( ) , + - * / or ^");
            }
        }
        out.add(new Token(Type.END, "", n));
        return out;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
