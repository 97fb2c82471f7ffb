package dev.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every {@code make} target the README names exists, and every Java entry point a target starts is a class
 * with a main method: a rename cannot silently break a documented command. (Dry runs: nothing is built.)
 */
class MakeTargetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void every_target_the_readme_names_exists_and_starts_a_real_main_class() throws Exception {
        Set<String> targets = new TreeSet<>();
        Matcher named = Pattern.compile("`make ([a-z][a-z0-9-]*)").matcher(Files.readString(ROOT.resolve("README.md")));
        while (named.find()) {
            targets.add(named.group(1));
        }
        assertThat(targets).contains("test", "demo", "bench", "spike", "ceilings", "run-local");

        for (String target : targets) {
            String plan = dryRun(target);
            Matcher main = Pattern.compile("exec\\.mainClass=([\\w.]+)").matcher(plan);
            while (main.find()) {
                assertThat(sourceOf(main.group(1))).as(target + " starts " + main.group(1))
                        .content().contains("public static void main(String[] args)");
            }
        }
    }

    /** Entry points live in any module, so they are looked for in the sources, not on this module's class path. */
    private static Path sourceOf(String className) throws IOException {
        String file = "src/main/java/" + className.replace('.', '/') + ".java";
        try (var modules = Files.list(ROOT)) {
            return modules.map(module -> module.resolve(file)).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError("no module has " + file));
        }
    }

    private static String dryRun(String target) throws IOException, InterruptedException {
        Process make = new ProcessBuilder("make", "-n", "-C", ROOT.toString(), target).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as("make -n " + target + ":\n" + output).isZero();
        return output;
    }
}
