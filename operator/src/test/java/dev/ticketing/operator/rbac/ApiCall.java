package dev.ticketing.operator.rbac;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Kubernetes API request as RBAC sees it: API group, resource (with its subresource) and verb. */
public record ApiCall(String group, String resource, String verb) {

    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?/?(?:\\?(.*))?$");

    /** From the request line's method and path; empty for what RBAC does not cover (discovery, /version). */
    public static Optional<ApiCall> of(String method, String pathAndQuery) {
        Matcher m = PATH.matcher(pathAndQuery);
        if (!m.matches()) {
            return Optional.empty();
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2);
        String name = m.group(3);
        String subresource = m.group(4);
        String query = m.group(5) == null ? "" : m.group(5);
        if ("namespaces".equals(resource) && name != null && subresource != null) {
            return Optional.empty(); // matched "/namespaces/x" alone: a namespace object, not used by the operator
        }
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return Optional.of(new ApiCall(group, subresource == null ? resource : resource + "/" + subresource, verb));
    }
}
