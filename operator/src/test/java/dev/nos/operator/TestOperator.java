package dev.nos.operator;

import dev.nos.kubernetes.TestApiServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

import java.io.IOException;

/** TEST CODE: the operator as the tests run it, on the test API server's client, with the reconcilers given. */
final class TestOperator {
    private TestOperator() {}

    /** Starts an operator running {@code reconcilers} on {@code api} (stopping it leaves the client open). */
    @SuppressWarnings({"unchecked", "rawtypes"}) // register is generic in each reconciler's resource type
    static Operator start(TestApiServer api, Reconciler<?>... reconcilers) {
        Operator operator = new Operator(o -> o.withKubernetesClient(api.client()).withCloseClientOnStop(false));
        for (Reconciler<?> r : reconcilers) {
            operator.register((Reconciler) r);
        }
        operator.start();
        return operator;
    }

    /** Stops the operator, then the API server; either may be null (a skipped or failed start). */
    static void stop(Operator operator, TestApiServer api) throws IOException {
        if (operator != null) {
            operator.stop();
        }
        if (api != null) {
            api.close();
        }
    }
}
