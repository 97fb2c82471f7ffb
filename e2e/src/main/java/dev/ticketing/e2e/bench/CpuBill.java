package dev.ticketing.e2e.bench;

/**
 * CPU seconds each part of a sale spent in one measured round (first request to last decision). {@code api} is the
 * bench's JVM less the broker's and in-process consumers' threads and less {@code jitGc}, the JIT compilers and
 * garbage collector of that JVM (which serve all three; NaN where they cannot be told apart, and then in {@code api}).
 * {@code machine} is everything the machine did meanwhile (/proc/stat), for a check on the parts' sum.
 * {@code eachConsumer} splits {@code consumers} by consumer: each process whole, or each in-process consumer's poll
 * loop (their Kafka background threads are in the total only).
 */
public record CpuBill(double api, double jitGc, double consumers, double broker, double postgres, double redis, double generator,
                      double machine, java.util.Map<String, Double> eachConsumer) {

    public CpuBill {
        eachConsumer = java.util.Map.copyOf(eachConsumer);
    }

    /** The least and the most any one consumer used, or NaN without consumers. */
    public Bench.Spread eachConsumerSpread() {
        return Bench.Spread.of(eachConsumer.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** What the sale's server side cost: everything but the load generator. */
    public double server() {
        return api + (Double.isNaN(jitGc) ? 0 : jitGc) + consumers + broker + postgres + redis;
    }

    /** The parts by name, in the order the bench prints them. */
    public java.util.Map<String, Double> asMap() {
        var parts = new java.util.LinkedHashMap<String, Double>();
        parts.put("api", api);
        parts.put("jit+gc", jitGc);
        parts.put("consumers", consumers);
        parts.put("busiest consumer", eachConsumerSpread().max());
        parts.put("broker", broker);
        parts.put("postgres", postgres);
        parts.put("redis", redis);
        parts.put("server", server());
        parts.put("load generator", generator);
        return parts;
    }

    /** Milliseconds of CPU per unit of work (per ticket sold, per request). */
    public CpuBill millisPer(long units) {
        double f = units > 0 ? 1_000.0 / units : Double.NaN;
        return new CpuBill(api * f, jitGc * f, consumers * f, broker * f, postgres * f, redis * f, generator * f, machine * f,
                eachConsumer.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, e -> e.getValue() * f)));
    }
}
