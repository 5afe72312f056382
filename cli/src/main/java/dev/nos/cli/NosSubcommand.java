package dev.nos.cli;

import dev.nos.rule.RuleSyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the subcommands: output through the command line's writers (so tests can capture them) and bad
 * input reported on stderr with exit code 2, whatever {@code CommandLine} runs the command.
 */
abstract class NosSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (RuleSyntaxException e) {
            err().println(name() + ": bad rule " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (InputException e) {
            err().println(name() + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The work; returns the exit code. */
    protected abstract int run();

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The full command name, such as {@code nos rule show}. */
    protected String name() {
        return spec.qualifiedName();
    }
}
