package dev.ticketing.e2e.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The images' configuration, checked without Docker or a registry: every build writes each image once more on an
 * empty base ({@code target/jib-config-check.tar}, see the jib plugin in the parent POM) — same entrypoint, user,
 * ports, labels and JVM flags as the real image, which only differs in its base layers.
 */
class ImageConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ticketing-runtime, dev.ticketing.runtime.Main, api", "operator, dev.ticketing.operator.TicketingOperator, -"})
    void the_image_runs_its_main_class_as_a_non_root_user_with_flags_for_small_cpu_limits(String module, String mainClass,
                                                                                           String role) throws IOException {
        JsonNode config = imageConfig(Path.of("..", module, "target", "jib-config-check.tar")).path("config");

        List<String> entrypoint = strings(config.path("Entrypoint"));
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
                .containsSubsequence("-cp", "@/app/jib-classpath-file", mainClass);
        assertThat(entrypoint.getLast()).isEqualTo(mainClass);
        if (!"-".equals(role)) {
            assertThat(strings(config.path("Cmd"))).as("the role is the argument; pods pass their own").containsExactly(role);
        }
        assertThat(config.path("User").asText()).as("a numeric non-root user, so runAsNonRoot can verify it").isEqualTo("10001:10001");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
        JsonNode labels = config.path("Labels");
        assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(System.getProperty("image.tag", "0.1.0"));
        assertThat(labels.has("org.opencontainers.image.revision")).isTrue();
    }

    /** The config JSON a docker-archive tarball names in its manifest.json. */
    static JsonNode imageConfig(Path tarball) throws IOException {
        Map<String, byte[]> files = untar(tarball, List.of("manifest.json", "config.json"));
        ObjectMapper json = new ObjectMapper();
        String configName = json.readTree(files.get("manifest.json")).get(0).path("Config").asText();
        if (!files.containsKey(configName)) {
            files.putAll(untar(tarball, List.of(configName)));
        }
        return json.readTree(files.get(configName));
    }

    /** The named entries of an uncompressed tar (512-byte headers, octal sizes, data padded to 512). */
    private static Map<String, byte[]> untar(Path tarball, List<String> wanted) throws IOException {
        assertThat(tarball).as("%s: built by `make build` / `make test` (the jib execution image-config-check)", tarball).isRegularFile();
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream in = Files.newInputStream(tarball)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).split("\0")[0];
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).split("\0")[0].trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (wanted.contains(name)) {
                    found.put(name, in.readNBytes((int) size));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return found;
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
