package dev.ticketing.operator.rbac;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Every Kubernetes API call the operator makes in this JVM's tests — recognised by the operator's own client's
 * user agent, so the tests' own calls (playing kubelet and controllers) do not count. RbacTest checks these
 * against the chart's rules in both directions.
 */
public final class ApiCalls {

    public static final String OPERATOR_AGENT = "ticketing-operator-under-test";
    private static final Set<ApiCall> CALLS = ConcurrentHashMap.newKeySet();

    private ApiCalls() {
    }

    public static Set<ApiCall> recorded() {
        return Set.copyOf(CALLS);
    }

    static void record(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.startsWith(OPERATOR_AGENT)) {
            ApiCall.of(request.getMethod(), request.getPath()).ifPresent(CALLS::add);
        }
    }

    /** A client for the operator under test: the same server, a user agent of its own. */
    public static KubernetesClient operatorClient(KubernetesClient testClient) {
        Config config = new ConfigBuilder(testClient.getConfiguration()).withUserAgent(OPERATOR_AGENT).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The CRUD mock, recording. */
    public static final class CrudDispatcher extends KubernetesCrudDispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            record(request);
            return super.dispatch(request);
        }
    }

    /** The CRUD mock with expectations first, recording. */
    public static final class MixedDispatcher extends KubernetesMixedDispatcher {
        public MixedDispatcher(java.util.Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses) {
            super(responses);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            record(request);
            return super.dispatch(request);
        }
    }
}
