#!/usr/bin/env bash
# nos on a laptop cluster: create a kind cluster, build and load the images, install the chart, run the quick
# example and print its leaderboard. Needs kind, kubectl, helm and Docker or podman (KIND_EXPERIMENTAL_PROVIDER=podman
# for kind on podman). Cannot run on our build machines: kind's node image comes from a registry.
#   examples/kind.sh                  # cluster "nos", the quick search
#   examples/kind.sh --grafana        # also kube-prometheus-stack, with the nos dashboard in its Grafana
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster="${NOS_KIND_CLUSTER:-nos}"
tag="${NOS_TAG:-dev}"   # not "latest": kind nodes would try to pull latest from a registry
grafana=0
[ "${1:-}" = "--grafana" ] && grafana=1

kind get clusters | grep -qx "$cluster" || kind create cluster --name "$cluster"
kubectl config use-context "kind-$cluster"

"$root/images/build.sh" --tag "$tag" --save "$root/images/target/archives"
for image in nos-operator nos-controller nos-worker; do
  kind load image-archive --name "$cluster" "$root/images/target/archives/$image.tar"
done

monitoring=()
if [ "$grafana" = 1 ]; then
  helm repo add prometheus-community https://prometheus-community.github.io/helm-charts
  helm upgrade --install kube-prometheus-stack prometheus-community/kube-prometheus-stack \
    --namespace monitoring --create-namespace --wait
  monitoring=(--set serviceMonitor.enabled=true --set podMonitor.enabled=true --set grafana.dashboard.enabled=true)
fi
helm upgrade --install nos "$root/charts/nos" --namespace nos-system --create-namespace --wait \
  --set "images.operator.tag=$tag" --set "images.controller.tag=$tag" --set "images.worker.tag=$tag" \
  "${monitoring[@]}"

kubectl apply -f "$root/examples/quick-search.yaml"
echo "kind.sh: waiting for the quick search (kubectl get osearch quick -w shows it)"
kubectl wait osearch/quick --for=condition=Ended --timeout=60m
kubectl get osearch quick
kubectl get osearch quick -o \
  jsonpath='{range .status.leaderboard[*]}{.reward}{"\t"}{.rule}{"\n"}{end}'
[ "$grafana" = 1 ] && echo "kind.sh: Grafana: kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80," \
  "then http://localhost:3000 (admin / prom-operator), dashboard 'nos: optimizer search'"
exit 0
