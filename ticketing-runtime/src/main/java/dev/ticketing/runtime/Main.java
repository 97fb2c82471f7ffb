package dev.ticketing.runtime;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.config.InvalidConfigException;
import dev.ticketing.runtime.config.RuntimeConfig;

/** {@code ticketing-runtime init|api|consumer}: one image, the role chosen by argument. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        VirtualThreadCarriers.widen();
        Set<Role> roles;
        RuntimeConfig config;
        try {
            roles = Role.parse(args);
            config = RuntimeConfig.fromEnvironment();
            if (roles.contains(Role.API)) {
                config.requireTokenSecret();
            }
        } catch (InvalidConfigException e) {
            System.err.println("ticketing-runtime: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            if (roles.contains(Role.INIT)) {
                TicketingRuntime.init(config);
            }
            Set<Role> serving = EnumSet.copyOf(roles);
            serving.remove(Role.INIT);
            if (serving.isEmpty()) {
                return;
            }
            TicketingRuntime runtime = TicketingRuntime.start(config, serving);
            CountDownLatch stopping = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("shutting down");
                stopping.countDown();
                runtime.close();
                stopped.countDown();
            }, "shutdown"));
            // A listener that stopped accepting would leave a live process nobody can reach: exit, so it is restarted.
            while (!stopping.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                if (!runtime.listening()) {
                    LOG.error("the HTTP listener stopped accepting connections; exiting so the process is restarted");
                    System.exit(1);
                }
            }
            stopped.await();
        } catch (InvalidConfigException | IllegalStateException e) {
            LOG.error("ticketing-runtime stopped: {}", e.getMessage());
            System.exit(1);
        }
    }
}
