package dev.nos.engine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: 90s, 15m, 2h, 1h30m, 1h30m15s, a plain number of seconds, or ISO-8601 (PT15M). */
public final class Durations {
    private static final Pattern PARTS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {}

    /** The duration; {@link IllegalArgumentException} saying how to write one when {@code text} is not one, or is zero. */
    public static Duration parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        if (v.matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else if (v.startsWith("pt")) {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(text);
            }
        } else {
            Matcher m = PARTS.matcher(v);
            if (v.isEmpty() || !m.matches()) {
                throw notADuration(text);
            }
            long s = 0;
            s += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600;
            s += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60;
            s += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            d = Duration.ofSeconds(s);
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the duration '" + text + "' is zero");
        }
        return d;
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write 90s, 15m, 1h30m or PT15M");
    }
}
