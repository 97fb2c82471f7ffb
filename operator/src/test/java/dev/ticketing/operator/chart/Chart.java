package dev.ticketing.operator.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The chart rendered by a real Helm (in-process), parsed into Kubernetes objects. */
public final class Chart {

    public static final Path DIR = Path.of("..", "charts", "ticketing-operator");
    public static final String RELEASE = "ticketing";
    public static final String NAMESPACE = "ticketing-system";
    static final String KUBE_VERSION = "1.31.0";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private Chart() {
    }

    /** {@code helm template} with the chart's defaults overridden by {@code values} (YAML), as a list of objects. */
    public static List<HasMetadata> render(String values) {
        // helm template assumes Kubernetes 1.20 unless told; the chart needs 1.25 (CEL validation rules).
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (values != null && !values.isBlank()) {
            template.withValuesFile(valuesFile(values));
        }
        return parse(template.call());
    }

    public static List<HasMetadata> render() {
        return render(null);
    }

    public static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.getFirst();
    }

    public static Optional<HasMetadata> kind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).findFirst();
    }

    /** A multi-document YAML string as Kubernetes objects (unknown kinds as generic resources). */
    public static List<HasMetadata> parse(String yaml) {
        Object parsed = YAML.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
        } else if (parsed instanceof HasMetadata single) {
            objects.add(single);
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> values() {
        return YAML.unmarshal(read(DIR.resolve("values.yaml")), Map.class);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path valuesFile(String values) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            Files.writeString(file, values);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
