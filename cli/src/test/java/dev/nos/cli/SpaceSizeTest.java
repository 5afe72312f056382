package dev.nos.cli;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.*;

class SpaceSizeTest {

    @Test
    void scientificNotation() {
        assertEquals("0", SpaceSize.scientific(BigInteger.ZERO));
        assertEquals("999", SpaceSize.scientific(BigInteger.valueOf(999)));
        assertEquals("1e3", SpaceSize.scientific(BigInteger.valueOf(1000)));
        assertEquals("1.23e6", SpaceSize.scientific(BigInteger.valueOf(1_234_567)));
        assertEquals("1.24e6", SpaceSize.scientific(BigInteger.valueOf(1_235_000)));
        assertEquals("1e7", SpaceSize.scientific(BigInteger.valueOf(9_999_999)));
        assertEquals("2.5e20", SpaceSize.scientific(new BigInteger("250000000000000000000")));
    }

    @Test
    void againstThePapersRange() {
        assertTrue(SpaceSize.againstPaper(BigInteger.valueOf(50_000)).contains("below"));
        assertTrue(SpaceSize.againstPaper(BigInteger.valueOf(3_000_000)).startsWith("10^6.5, within"));
        assertTrue(SpaceSize.againstPaper(BigInteger.TEN.pow(13)).contains("10^13.0, above"));
        assertEquals(30.0, SpaceSize.log10(BigInteger.TEN.pow(30)), 1e-9);
    }
}
