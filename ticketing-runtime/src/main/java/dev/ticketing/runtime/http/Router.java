package dev.ticketing.runtime.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes by method and path template ({@code /api/v1/sales/{sale}}). HEAD is answered by the GET route (the server
 * sends its headers without the body). A known path with another method is, like an unknown path, "not found".
 */
final class Router {

    record Match(String template, Route route, Map<String, String> parameters) {
    }

    private record Entry(String method, String template, Pattern pattern, List<String> names, Route route) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    private final List<Entry> entries = new ArrayList<>();

    void add(String method, String template, Route route) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?$");
        entries.add(new Entry(method, template, Pattern.compile(regex.toString()), List.copyOf(names), route));
    }

    Optional<Match> find(String method, String rawPath) {
        String wanted = "HEAD".equals(method) ? "GET" : method;
        for (Entry entry : entries) {
            if (!entry.method().equals(wanted)) {
                continue;
            }
            Matcher m = entry.pattern().matcher(rawPath);
            if (m.matches()) {
                Map<String, String> parameters = new HashMap<>();
                for (int i = 0; i < entry.names().size(); i++) {
                    parameters.put(entry.names().get(i), decode(m.group(i + 1)));
                }
                return Optional.of(new Match(entry.template(), entry.route(), parameters));
            }
        }
        return Optional.empty();
    }

    /** A malformed escape decodes to itself: the parameter is then simply not a known id or name (404). */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
