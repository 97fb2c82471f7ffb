package dev.ticketing.runtime;

/** Back-off sleeps of background loops: an interrupt ends the sleep and is kept for the loop to see. */
public final class Pause {

    private Pause() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
