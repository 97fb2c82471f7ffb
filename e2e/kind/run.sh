#!/usr/bin/env bash
# make e2e: the whole product on a real (kind) cluster. Needs Docker, kind, kubectl and helm on the PATH, and network
# for the base and data-service images. Creates the cluster ticketing-e2e, deletes it at the end (KEEP_CLUSTER=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLUSTER=ticketing-e2e
CONTEXT=kind-$CLUSTER
VERSION=$(sed -n 's/^appVersion: "\(.*\)"/\1/p' charts/ticketing-operator/Chart.yaml)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { echo "make e2e needs $tool on the PATH" >&2; exit 2; }
done

dump() {
  echo "== e2e failed: state of the cluster ==" >&2
  kubectl --context "$CONTEXT" get tsale -A -o wide >&2 || true
  kubectl --context "$CONTEXT" describe tsale -n sales >&2 || true
  kubectl --context "$CONTEXT" get pods -A -o wide >&2 || true
  kubectl --context "$CONTEXT" get events -n sales --sort-by=.lastTimestamp >&2 || true
  kubectl --context "$CONTEXT" logs -n ticketing-system deployment/ticketing-ticketing-operator --tail=200 >&2 || true
  for pod in $(kubectl --context "$CONTEXT" get pods -n sales -o name 2>/dev/null); do
    echo "-- $pod" >&2
    kubectl --context "$CONTEXT" logs -n sales "$pod" --tail=100 >&2 || true
  done
}
finish() {
  status=$?
  [ "$status" -eq 0 ] || dump
  if [ "${KEEP_CLUSTER:-0}" != 1 ]; then kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; fi
  exit "$status"
}
trap finish EXIT

echo "== cluster"
kind get clusters | grep -qx "$CLUSTER" || kind create cluster --config e2e/kind/kind-config.yaml --wait 120s

echo "== images $VERSION"
make images
kind load docker-image --name "$CLUSTER" "ticketing-runtime:$VERSION" "ticketing-operator:$VERSION"

echo "== Kafka, Redis, PostgreSQL"
kubectl --context "$CONTEXT" apply -f e2e/kind/data-services.yaml
for service in kafka redis postgres; do
  kubectl --context "$CONTEXT" -n data rollout status "deployment/$service" --timeout=300s
done

echo "== the chart"
helm --kube-context "$CONTEXT" upgrade --install ticketing charts/ticketing-operator --namespace ticketing-system \
  --create-namespace --wait --timeout 5m

echo "== a sale, a spike of 1,000 buyers, and the checks (KindE2ETest)"
kubectl --context "$CONTEXT" apply -f e2e/kind/sale.yaml
./mvnw -B -ntp -q -DskipTests install
./mvnw -B -ntp -pl e2e test -Dtest=KindE2ETest -Dsurefire.failIfNoSpecifiedTests=false -Dticketing.e2e.context="$CONTEXT"
