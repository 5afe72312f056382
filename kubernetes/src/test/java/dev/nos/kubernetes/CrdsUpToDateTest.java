package dev.nos.kubernetes;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRDs checked in under {@code crds/} (what users and the Helm chart apply) are exactly what Fabric8's CRD
 * generator makes from the resource classes in this build. When this fails, copy
 * {@code kubernetes/target/classes/META-INF/fabric8/*.yml} to {@code crds/}.
 */
class CrdsUpToDateTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path CHECKED_IN = Path.of("../crds");

    @Test
    void checkedInCrdsAreTheGeneratedOnes() throws Exception {
        for (String file : new String[] {"optimizersearches.nos.dev-v1.yml", "trialbatches.nos.dev-v1.yml"}) {
            Path generated = GENERATED.resolve(file);
            assertTrue(Files.exists(generated), "the build generated " + generated);
            Path checkedIn = CHECKED_IN.resolve(file);
            assertTrue(Files.exists(checkedIn), checkedIn + " is checked in");
            assertEquals(Files.readString(generated), Files.readString(checkedIn), "crds/" + file
                    + " is stale: copy kubernetes/target/classes/META-INF/fabric8/" + file + " to crds/");
        }
    }
}
