# The commands users and CI run. Only a JDK 25 and network access to Maven Central are needed:
# ./mvnw downloads Maven itself.
JAVA_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
MVN := ./mvnw -B -ntp

.PHONY: build test run-local spike-local spike crds clean

BUYERS ?= 1000
CONSUMERS ?= 1

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

## spike-local: the seed's experiment in the sandbox (BUYERS buyers, 1 seat each, 1,000 seats, CONSUMERS consumers)
spike-local:
	$(MVN) -q -DskipTests install
	SPIKE_BUYERS=$(BUYERS) SPIKE_CONSUMERS=$(CONSUMERS) $(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.sandbox.FirstSpike

## spike: the spike tool against any runtime, e.g. make spike ARGS="--url http://localhost:8080 --sale demo --buyers 200"
spike:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e exec:java -Dexec.mainClass=dev.ticketing.e2e.spike.SpikeTool -Dexec.args="$(ARGS)"

## crds: regenerate the TicketingSale CRD from the Java model into crds/ (a test fails when they differ)
crds:
	$(MVN) -q -pl operator -am -DskipTests install
	$(MVN) -q -pl operator exec:java -Dexec.mainClass=dev.ticketing.operator.crd.CrdFinisher \
	  -Dexec.args="operator/target/classes/META-INF/fabric8/ticketingsales.ticketing.dev-v1.yml crds/ticketingsales.ticketing.dev-v1.yml"

clean:
	$(MVN) -q clean
