package dev.ticketing.operator.crd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Puts the generated CRD's printer columns in the order {@code kubectl get tsale} should show them.
 * The fabric8 generator sorts columns by JSON path and has no way to order them
 * (fabric8io/kubernetes-client#7454); this is the one step between its output and {@code crds/}.
 */
public final class CrdFinisher {

    public static final List<String> COLUMN_ORDER = List.of("Phase", "Sold", "Total", "Consumers", "Lag", "Sellout", "Age");

    private CrdFinisher() {
    }

    /** {@code CrdFinisher <generated.yml> <checked-in.yml>} — what {@code make crds} runs. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[1]), finish(Files.readString(Path.of(args[0]))), StandardCharsets.UTF_8);
    }

    public static String finish(String generatedYaml) {
        CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
        crd.getSpec().getVersions().forEach(version -> {
            List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt(c -> position(c.getName())));
            version.setAdditionalPrinterColumns(columns);
        });
        return "# Generated from the Java model (operator/.../sale) by `make crds`; do not edit.\n"
                + Serialization.asYaml(crd);
    }

    private static int position(String column) {
        int index = COLUMN_ORDER.indexOf(column);
        return index < 0 ? COLUMN_ORDER.size() : index;
    }
}
