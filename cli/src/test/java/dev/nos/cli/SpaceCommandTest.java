package dev.nos.cli;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SpaceCommandTest {

    @Test
    void defaultIsThePaperSpaceWithItsSizeAgainstThePaper() {
        Cli r = Cli.run("space");
        assertEquals(0, r.exitCode, r.toString());
        String size = SearchSpace.paper(SearchSpace.DEFAULT_GROUPS).size().toString();
        assertTrue(r.out.contains("search space paper:" + SearchSpace.DEFAULT_GROUPS), r.out);
        assertTrue(r.out.contains(size), r.out);
        assertTrue(r.out.contains("the paper's 10^6 .. 10^11"), r.out);
    }

    @Test
    void groupsOptionPicksTheGroups() {
        Cli r = Cli.run("space", "small", "--groups", "1");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("search space small:1"), r.out);
        assertTrue(r.out.contains(SearchSpace.small(1).size().toString()), r.out);
        assertEquals(r.out, Cli.run("space", "small:1").out);
    }

    @Test
    void unknownSpaceOrConflictingGroupsExitWithTwo() {
        Cli r = Cli.run("space", "huge");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("unknown search space 'huge'"), r.err);
        Cli c = Cli.run("space", "small:2", "--groups", "3");
        assertEquals(2, c.exitCode, c.toString());
        assertTrue(c.err.contains("disagree"), c.err);
        Cli g = Cli.run("space", "--groups", "7");
        assertEquals(2, g.exitCode, g.toString());
        assertTrue(g.err.contains("--groups must be 1 to 4"), g.err);
    }

    @Test
    void aSpaceOfYourOwnIsDescribedOrItsMistakeNamed() {
        Cli r = Cli.run("space", "operands=g,sign(g),adam unary=id,exp,sign binary=mul,add groups=2");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("unary functions (3): id exp sign"), r.out);
        assertTrue(r.out.contains("5832 rules"), r.out);
        Cli bad = Cli.run("space", "operands=g,mom");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("operands") && bad.err.contains("'mom'"), bad.err);
        Cli both = Cli.run("space", "groups=1", "--groups", "2");
        assertEquals(2, both.exitCode, both.toString());
        assertTrue(both.err.contains("write groups=2 in it"), both.err);
    }
}
