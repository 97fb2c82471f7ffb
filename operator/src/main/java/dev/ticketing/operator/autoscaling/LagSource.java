package dev.ticketing.operator.autoscaling;

import java.util.Optional;

/** Where the offsets come from: the Kafka admin client in the operator, the embedded broker in the sandbox. */
@FunctionalInterface
public interface LagSource {

    /** Empty when the broker cannot be asked right now; the decision then keeps what runs. */
    Optional<LagSample> sample();
}
