package dev.ticketing.e2e.bench;

/**
 * CPU seconds each part of a sale spent in one measured round (first request to last decision). {@code api} is the
 * bench's JVM less the broker's and in-process consumers' threads: the API, and the JVM's GC and JIT for all of it.
 * {@code machine} is everything the machine did meanwhile (/proc/stat), for a check on the parts' sum.
 */
public record CpuBill(double api, double consumers, double broker, double postgres, double redis, double generator,
                      double machine) {

    /** What the sale's server side cost: everything but the load generator. */
    public double server() {
        return api + consumers + broker + postgres + redis;
    }

    /** The parts by name, in the order the bench prints them. */
    public java.util.Map<String, Double> asMap() {
        var parts = new java.util.LinkedHashMap<String, Double>();
        parts.put("api", api);
        parts.put("consumers", consumers);
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
        return new CpuBill(api * f, consumers * f, broker * f, postgres * f, redis * f, generator * f, machine * f);
    }
}
