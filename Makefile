# The commands users and CI run. Only a JDK 25 and network access to Maven Central are needed:
# ./mvnw downloads Maven itself.
JAVA_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
MVN := ./mvnw -B -ntp

.PHONY: build test run-local demo spike ceilings bench consumer-aot crds images image-tars e2e clean

SEATS ?= 1000
BUYERS ?= 1000
CONSUMERS ?= 1
CONSUMER_CPU ?= 0
AUTOSCALE ?= 1
ROUNDS ?= 3
SCENARIOS ?=
PROFILE ?=
IMAGE_BASE ?= eclipse-temurin:25-jre
GIT_REVISION := $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
JIB := -Dimage.base=$(IMAGE_BASE) -Dgit.revision=$(GIT_REVISION)

## build: compile and package every module (no tests)
build:
	$(MVN) -DskipTests install

## test: the whole suite, against real Kafka, Redis and PostgreSQL started by the tests
test:
	$(MVN) install

## run-local: embedded services + init + API on http://localhost:8080 with one consumer (sale "demo"), until Ctrl-C
run-local:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e exec:java

## demo: the seed's experiment on this machine (SEATS seats, BUYERS buyers at once, CONSUMERS consumers; CONSUMER_CPU=m: as processes of m millicores, autoscaled 1-CONSUMERS unless AUTOSCALE=0) with an HTML report
demo:
	$(MVN) -q -DskipTests install
	DEMO_SEATS=$(SEATS) DEMO_BUYERS=$(BUYERS) DEMO_CONSUMERS=$(CONSUMERS) DEMO_CONSUMER_MILLICORES=$(CONSUMER_CPU) DEMO_AUTOSCALE=$(AUTOSCALE) $(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.sandbox.Demo

## spike: the spike tool against any runtime, e.g. make spike ARGS="--url http://localhost:8080 --sale demo --buyers 200"
spike:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.spike.SpikeTool -Dexec.args="$(ARGS)"

## ceilings: what the producer, the allocation script and the booking insert each do alone here (bench/results/)
ceilings:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.bench.Ceilings

## bench: every benchmark scenario (warm-up + ROUNDS rounds) and the ceilings in one table (bench/results/); SCENARIOS=a,b picks some, PROFILE=1 profiles each measured round (async-profiler)
bench:
	$(MVN) -q -DskipTests install
	BENCH_ROUNDS=$(ROUNDS) BENCH_SCENARIOS=$(SCENARIOS) BENCH_PROFILE=$(PROFILE) $(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.bench.Bench

## consumer-aot: train a JDK AOT cache for consumer processes (ticketing-runtime/target/consumer.aot) with one sandbox spike
consumer-aot:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.sandbox.TrainConsumerCache

## crds: regenerate the TicketingSale CRD from the Java model into crds/ and the chart's crds/ (tests fail when they differ)
crds:
	$(MVN) -q -pl operator -am -DskipTests install
	$(MVN) -q -pl operator exec:java -Dexec.mainClass=dev.ticketing.operator.crd.CrdFinisher \
	  -Dexec.args="operator/target/classes/META-INF/fabric8/ticketingsales.ticketing.dev-v1.yml crds/ticketingsales.ticketing.dev-v1.yml"
	cp crds/ticketingsales.ticketing.dev-v1.yml charts/ticketing-operator/crds/

## images: ticketing-runtime and ticketing-operator into the local Docker daemon (needs Docker and network for IMAGE_BASE)
images:
	$(MVN) -q -DskipTests install $(JIB)
	$(MVN) -pl ticketing-runtime,operator jib:dockerBuild $(JIB)

## image-tars: the same images as tarballs, <module>/target/jib-image.tar (needs network for IMAGE_BASE, not Docker)
image-tars:
	$(MVN) -q -DskipTests install $(JIB)
	$(MVN) -pl ticketing-runtime,operator jib:buildTar $(JIB)

## e2e: a kind cluster, the images, Kafka/Redis/PostgreSQL, the chart, a 1,000-buyer sale and its checks (needs Docker, kind, kubectl, helm)
e2e:
	e2e/kind/run.sh

clean:
	$(MVN) -q clean
