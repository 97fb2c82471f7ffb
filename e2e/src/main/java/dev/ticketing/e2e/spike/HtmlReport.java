package dev.ticketing.e2e.spike;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A self-contained HTML page (inline SVG, no scripts) a person can open to see how a spike went. */
public final class HtmlReport {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;

    private HtmlReport() {
    }

    public static void write(Path file, String title, List<SpikeRunner.RoundResult> rounds) throws IOException {
        write(file, title, rounds, List.of());
    }

    /** @param cpuMsPerTicket per round (when measured), CPU milliseconds per ticket sold of each part, in display order */
    public static void write(Path file, String title, List<SpikeRunner.RoundResult> rounds,
                             List<java.util.Map<String, Double>> cpuMsPerTicket) throws IOException {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>%s</title>
                <style>body{font:14px sans-serif;margin:2em;color:#222} h2{margin-top:2em} td,th{padding:2px 10px;text-align:right}
                svg{background:#fafafa;border:1px solid #ddd} .ok{color:#080} .bad{color:#c00}</style></head><body>
                <h1>%s</h1>""".formatted(escape(title), escape(title)));
        for (int i = 0; i < rounds.size(); i++) {
            SpikeRunner.RoundResult r = rounds.get(i);
            Correctness c = r.correctness();
            html.append("<h2>Round ").append(r.round()).append("</h2>");
            html.append("<p><b>All decided in ").append(Double.isNaN(r.allDecidedSeconds()) ? "-" : fmt(r.allDecidedSeconds()))
                    .append(" s</b> (first request sent &rarr; last buyer knows the outcome)</p>");
            html.append("<p>").append(r.offered()).append(" requests, responses ").append(escape(r.statuses().toString()))
                    .append(", errors ").append(r.errors()).append(", response duration ")
                    .append(fmt(r.responseSeconds())).append(" s, server sellout ")
                    .append(escape(r.serverReport().path("selloutSeconds").asText())).append(" s (selling window ")
                    .append(escape(r.serverReport().path("sellingWindowSeconds").asText())).append(" s), sold ")
                    .append(c.ticketsSold()).append("/").append(c.ticketsTotal()).append("</p>");
            html.append("<p class=\"").append(c.holds() ? "ok" : "bad").append("\">correctness: sold &le; capacity ")
                    .append(c.oversold() ? "NO" : "yes").append(", seats sold twice ").append(c.seatsSoldTwice())
                    .append(", accepted without decision ").append(c.acceptedWithoutDecision()).append("</p>");
            html.append(table(r));
            if (i < cpuMsPerTicket.size()) {
                html.append("<h3>CPU bill (ms per ticket sold, first request to last decision)</h3><table><tr>");
                cpuMsPerTicket.get(i).keySet().forEach(part -> html.append("<th>").append(escape(part)).append("</th>"));
                html.append("</tr><tr>");
                cpuMsPerTicket.get(i).values().forEach(ms -> html.append("<td>").append(fmt(ms)).append("</td>"));
                html.append("</tr></table>");
            }
            SpikeRunner.Timeline t = r.timeline();
            html.append("<h3>Latency distribution (ms by percentile)</h3>")
                    .append(lines(t.percentiles(), List.of(t.acceptCurveMs(), t.decisionCurveMs()), List.of("accept", "decision"), "percentile"));
            html.append("<h3>Tickets sold over time (10 ms steps)</h3>").append(series(longs(t.ticketsSold()), "#2a7", 0.01));
            html.append("<h3>Requests in flight over time (10 ms steps)</h3>").append(series(longs(t.inFlight()), "#27c", 0.01));
            if (t.consumers().length > 0) {
                double step = SpikeRunner.PROBE_STEP_MS / 1000.0;
                boolean scaled = java.util.Arrays.stream(t.desiredConsumers()).anyMatch(d -> d >= 0);
                List<long[]> lines = scaled ? List.of(longs(t.consumers()), longs(t.readyConsumers()), longs(t.desiredConsumers()))
                        : List.of(longs(t.consumers()), longs(t.readyConsumers()));
                List<String> names = scaled ? List.of("in the group", "holding partitions", "desired (autoscaler)")
                        : List.of("in the group", "holding partitions");
                html.append("<h3>Consumers over time</h3>").append(multiSeries(lines, names, step));
                html.append("<h3>Consumer lag over time (commands not yet committed)</h3>").append(series(t.lag(), "#c52", step));
            }
        }
        html.append("</body></html>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html.toString());
    }

    private static String table(SpikeRunner.RoundResult r) {
        StringBuilder t = new StringBuilder("<table><tr><th></th><th>n</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th>"
                + "<th>p99.9</th><th>max</th></tr>");
        row(t, "accept ms", r.acceptMs());
        row(t, "decision ms", r.endToEndMs());
        return t.append("</table>").toString();
    }

    private static void row(StringBuilder t, String name, LatencyStats.Percentiles p) {
        t.append("<tr><th>").append(name).append("</th><td>").append(p.count()).append("</td><td>").append(fmt(p.p50()))
                .append("</td><td>").append(fmt(p.p90())).append("</td><td>").append(fmt(p.p95())).append("</td><td>")
                .append(fmt(p.p99())).append("</td><td>").append(fmt(p.p999())).append("</td><td>").append(fmt(p.max()))
                .append("</td></tr>");
    }

    private static String lines(double[] xs, List<double[]> ys, List<String> names, String xLabel) {
        double maxY = ys.stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        String[] colours = {"#27c", "#c52"};
        StringBuilder svg = open();
        for (int s = 0; s < ys.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                // Percentiles are spread evenly by rank, so the tail (99, 99.9, 100) stays readable.
                points.append(x(i, xs.length)).append(',').append(y(ys.get(s)[i], maxY)).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colours[s % 2]).append("\" stroke-width=\"2\" points=\"")
                    .append(points).append("\"/><text x=\"140\" y=\"").append(20 + 16 * s).append("\" fill=\"").append(colours[s % 2])
                    .append("\">").append(names.get(s)).append("</text>");
        }
        for (int i = 0; i < xs.length; i++) {
            svg.append("<text x=\"").append(x(i, xs.length) - 8).append("\" y=\"").append(HEIGHT - 4)
                    .append("\" font-size=\"10\">").append(trim(xs[i])).append("</text>");
        }
        return close(svg, maxY, xLabel);
    }

    private static long[] longs(int[] values) {
        return java.util.Arrays.stream(values).asLongStream().toArray();
    }

    private static String series(long[] values, String colour, double secondsPerStep) {
        double max = java.util.Arrays.stream(values).max().orElse(1);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            points.append(x(i, values.length)).append(',').append(y(values[i], Math.max(1, max))).append(' ');
        }
        StringBuilder svg = open().append("<polyline fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>");
        svg.append("<text x=\"").append(WIDTH - 40).append("\" y=\"").append(HEIGHT - 4).append("\" font-size=\"10\">")
                .append(fmt(values.length * secondsPerStep)).append(" s</text><text x=\"36\" y=\"").append(HEIGHT - 4)
                .append("\" font-size=\"10\">0</text>");
        return close(svg, max, "time");
    }

    private static String multiSeries(List<long[]> series, List<String> names, double secondsPerStep) {
        String[] colours = {"#a5c", "#2a7", "#c52"};
        double max = series.stream().flatMapToLong(java.util.Arrays::stream).max().orElse(1);
        StringBuilder svg = open();
        for (int s = 0; s < series.size(); s++) {
            long[] values = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                points.append(x(i, values.length)).append(',').append(y(values[i], Math.max(1, max))).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colours[s % colours.length])
                    .append("\" stroke-width=\"2\" points=\"").append(points).append("\"/><text x=\"140\" y=\"")
                    .append(20 + 16 * s).append("\" fill=\"").append(colours[s % colours.length]).append("\">")
                    .append(escape(names.get(s))).append("</text>");
        }
        int steps = series.getFirst().length;
        svg.append("<text x=\"").append(WIDTH - 40).append("\" y=\"").append(HEIGHT - 4).append("\" font-size=\"10\">")
                .append(fmt(steps * secondsPerStep)).append(" s</text>");
        return close(svg, max, "time");
    }

    private static StringBuilder open() {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\">");
    }

    private static String close(StringBuilder svg, double maxY, String xLabel) {
        return svg.append("<text x=\"4\" y=\"14\" font-size=\"10\">max ").append(fmt(maxY)).append("</text>")
                .append("<text x=\"").append(WIDTH / 2 - 20).append("\" y=\"").append(HEIGHT - 18).append("\" font-size=\"10\" fill=\"#777\">")
                .append(xLabel).append("</text></svg>").toString();
    }

    private static int x(int i, int n) {
        return 40 + (n <= 1 ? 0 : i * (WIDTH - 60) / (n - 1));
    }

    private static int y(double value, double max) {
        return (int) (HEIGHT - 20 - (max <= 0 ? 0 : value / max * (HEIGHT - 40)));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
    }

    private static String trim(double v) {
        return v == Math.floor(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
