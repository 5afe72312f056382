#!/usr/bin/env bash
# The orchestration benchmark (not a test): the per-trial cost of the Kubernetes protocol on the test API server
# (scripts/kube-test-env.sh builds it). Arguments: worker counts, measured rounds each, each worker's time in ms.
#   scripts/bench-orchestration.sh 1,10,50 5 1000
# Figures and the load they were taken under: docs/benchmarks.md. Run it alone on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt -pl core,child,search,kubernetes,controller-image,operator
uptime
cd operator # the tests read ../crds/
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.nos.operator.OrchestrationOverheadBench "${1:-1,10,50}" "${2:-5}" "${3:-1000}"
