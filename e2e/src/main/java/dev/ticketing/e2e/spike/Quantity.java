package dev.ticketing.e2e.spike;

import java.util.Random;

/** {@code --quantity 2} or {@code --quantity 1-4}: seats per booking, fixed or uniformly drawn. */
public record Quantity(int min, int max) {

    public static Quantity parse(String text) {
        String[] parts = text.strip().split("-");
        try {
            int min = Integer.parseInt(parts[0]);
            int max = parts.length == 2 ? Integer.parseInt(parts[1]) : min;
            if (parts.length > 2 || min < 1 || max < min) {
                throw new IllegalArgumentException();
            }
            return new Quantity(min, max);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("quantity must be N or MIN-MAX with 1 <= MIN <= MAX, got '" + text + "'");
        }
    }

    public int draw(Random random) {
        return min == max ? min : min + random.nextInt(max - min + 1);
    }
}
