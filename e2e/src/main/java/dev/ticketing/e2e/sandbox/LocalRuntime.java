package dev.ticketing.e2e.sandbox;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.ticketing.runtime.sale.SalePlan;

/**
 * {@code make run-local}: the sandbox for the sale {@code demo} (the seed's 1,000-seat layout) with
 * one consumer, the API on http://localhost:8080 (or $HTTP_PORT), until Ctrl-C.
 */
public final class LocalRuntime {

    private LocalRuntime() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("starting embedded Kafka, PostgreSQL and Redis ...");
        Sandbox sandbox = Sandbox.start("demo", SalePlan.seedLayout("Demo arena"), 1, Map.of());
        System.out.printf("%nticketing runtime for sale 'demo' (1,000 seats) on http://localhost:%d%n", sandbox.port());
        System.out.printf("  sale:   curl http://localhost:%d/api/v1/sales/demo%n", sandbox.port());
        System.out.printf("  report: curl http://localhost:%d/api/v1/sales/demo/report -H 'Authorization: Bearer %s'%n",
                sandbox.port(), sandbox.reportToken());
        System.out.println("press Ctrl-C to stop");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "stop-runtime"));
        stopped.await();
    }
}
