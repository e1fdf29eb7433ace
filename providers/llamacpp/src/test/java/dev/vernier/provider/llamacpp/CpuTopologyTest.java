package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTopologyTest {

    /** One /proc/cpuinfo block per (socket, core, hyper-thread). */
    private static String cpuinfo(int sockets, int cores, int threadsPerCore) {
        StringBuilder text = new StringBuilder();
        int processor = 0;
        for (int s = 0; s < sockets; s++) {
            for (int c = 0; c < cores; c++) {
                for (int t = 0; t < threadsPerCore; t++) {
                    text.append("processor\t: ").append(processor++).append('\n');
                    text.append("model name\t: AMD EPYC\n");
                    text.append("physical id\t: ").append(s).append('\n');
                    text.append("siblings\t: ").append(cores * threadsPerCore).append('\n');
                    text.append("core id\t\t: ").append(c).append('\n');
                    text.append("cpu cores\t: ").append(cores).append("\n\n");
                }
            }
        }
        return text.toString();
    }

    @Test
    void counts_physical_cores_not_hyper_threads() {
        assertThat(CpuTopology.physicalCores(cpuinfo(1, 2, 1), 2)).isEqualTo(2);
        assertThat(CpuTopology.physicalCores(cpuinfo(1, 8, 2), 16)).isEqualTo(8);
        assertThat(CpuTopology.physicalCores(cpuinfo(2, 4, 2), 16))
                .as("core ids repeat per socket")
                .isEqualTo(8);
    }

    @Test
    void never_counts_more_cores_than_the_jvm_may_use() {
        assertThat(CpuTopology.physicalCores(cpuinfo(1, 16, 1), 4))
                .as("container limit")
                .isEqualTo(4);
    }

    @Test
    void falls_back_to_the_jvm_count_when_no_processor_names_its_core() {
        String arm = "processor\t: 0\nBogoMIPS\t: 50.00\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n";

        assertThat(CpuTopology.physicalCores(arm, 2)).isEqualTo(2);
        assertThat(CpuTopology.physicalCores("", 6)).isEqualTo(6);
    }

    @Test
    void candidates_are_one_all_cores_but_one_and_all_cores_without_repeats() {
        assertThat(CpuTopology.threadCandidates(1)).containsExactly(1);
        assertThat(CpuTopology.threadCandidates(2)).containsExactly(1, 2);
        assertThat(CpuTopology.threadCandidates(3)).containsExactly(1, 2, 3);
        assertThat(CpuTopology.threadCandidates(8)).containsExactly(1, 7, 8);
    }

    @Test
    void this_machine_has_at_least_one_core_and_its_candidates_end_with_all_of_them() {
        int cores = CpuTopology.physicalCores();

        assertThat(cores).isBetween(1, Runtime.getRuntime().availableProcessors());
        assertThat(CpuTopology.threadCandidates(cores)).startsWith(1).endsWith(cores);
    }
}
