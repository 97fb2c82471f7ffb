package dev.ticketing.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU limits as a container runtime sets them: the files each cgroup version needs, and a real process inside one. */
class CpuLimitsTest {

    @Test
    void cgroup_v1_gets_a_quota_per_100_ms_period(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1");

        CpuLimits.Group group = CpuLimits.under(root).orElseThrow().create("consumer-0", 250);

        assertThat(group.path()).isEqualTo(root.resolve("cpu/ticketing-sandbox/consumer-0"));
        assertThat(Files.readString(group.path().resolve("cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(Files.readString(group.path().resolve("cpu.cfs_quota_us"))).isEqualTo("25000");
    }

    @Test
    void cgroup_v2_hands_the_cpu_controller_down_and_sets_cpu_max(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");

        CpuLimits.Group group = CpuLimits.under(root).orElseThrow().create("consumer-1", 100);

        assertThat(group.path()).isEqualTo(root.resolve("ticketing-sandbox/consumer-1"));
        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
        assertThat(Files.readString(root.resolve("ticketing-sandbox/cgroup.subtree_control"))).isEqualTo("+cpu");
        assertThat(Files.readString(group.path().resolve("cpu.max"))).isEqualTo("10000 100000");
    }

    @Test
    void a_hierarchy_without_a_usable_cpu_controller_offers_no_limits(@TempDir Path root) throws Exception {
        assertThat(CpuLimits.under(root)).as("nothing mounted").isEmpty();

        Files.writeString(root.resolve("cgroup.controllers"), "memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        assertThat(CpuLimits.under(root)).as("v2 without cpu").isEmpty();
    }

    @Test
    void a_group_needs_a_plain_name_and_some_cpu(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1");
        CpuLimits limits = CpuLimits.under(root).orElseThrow();

        assertThatThrownBy(() -> limits.create("../escape", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.create("consumer", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Runs only where this machine's hierarchy is writable (root on Linux); elsewhere it is reported as skipped. */
    @Test
    void a_process_started_through_a_group_runs_inside_it_from_the_start() throws Exception {
        Optional<CpuLimits> limits = CpuLimits.available();
        assumeTrue(limits.isPresent(), "no writable cgroup hierarchy on this machine");
        CpuLimits.Group group = limits.get().create("cpu-limits-test-" + ProcessHandle.current().pid(), 200);
        try {
            Process cat = new ProcessBuilder(group.command(List.of("cat", "/proc/self/cgroup"))).redirectErrorStream(true).start();
            assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String cgroups = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(cat.exitValue()).as(cgroups).isZero();
            assertThat(cgroups).as("the process's own cgroup names the group")
                    .contains("/ticketing-sandbox/" + group.path().getFileName());
        } finally {
            group.remove();
        }
        assertThat(group.path()).as("removed once its process is gone").doesNotExist();
    }
}
