package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.Turn;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportWriterTest {

    @TempDir
    Path dir;

    private String samplesCsv() throws IOException {
        new CsvReportWriter().write(Results.mixed(), dir);
        return Files.readString(dir.resolve("samples.csv"), StandardCharsets.UTF_8);
    }

    private List<CSVRecord> summaryRecords() throws IOException {
        new CsvReportWriter().write(Results.mixed(), dir);
        return Results.records(dir.resolve("summary.csv"));
    }

    @Test
    void samples_csv_starts_with_the_documented_header() throws IOException {
        assertThat(samplesCsv())
                .startsWith("seq,provider,case,prompt_id,repeat,warmup,started_at,ttft_ms,e2e_ms,"
                        + "tpot_ms,decode_tps,output_tokens,output_tokens_source,input_tokens,input_tokens_source,"
                        + "finish_reason,attempts,failure_kind,failure_status,failure_message,cost_usd,pass,score,failed_assertions,text,"
                        + "step,intended_ms,queue_ms,ttft_intended_ms,e2e_intended_ms,"
                        + "run_attempt,connection_reused,wait_ms,dns_ms,connect_ms,tls_ms,write_ms,text_repairs,"
                        + "first_answer_ms,reasoning_ms,answer_ms,billed_output_tokens,billed_output_source,"
                        + "answer_tokens,answer_tokens_source,visible_reasoning_tokens,visible_reasoning_source,"
                        + "hidden_reasoning_tokens,hidden_reasoning_source,answer_only_timing,hidden_reasoning_cost_usd,"
                        + "reasoning_text,schema_valid,schema_problem,cached_input_tokens,conversation_id,turn,"
                        + "tool_round,tools_declared,tool_calls,first_tool_call_ms,note\r\n");
    }

    @Test
    void samples_csv_writes_one_row_per_sample_with_warmups_flagged() throws IOException {
        String csv = samplesCsv();
        assertThat(csv)
                .contains("\r\n0,llamacpp:tiny,c1,p1,0,true,2026-01-01T00:00:00Z,100.000,200.000,50.000,"
                        + "20.00,3,SERVER_USAGE,5,SERVER_USAGE,STOP,1,,,,,,,,warm,0,0.000,0.000,100.000,200.000,1,,,,,,,0,"
                        + "100.000,,100.000,3,SERVER_USAGE,3,SERVER_USAGE,0,,0,SERVER_USAGE,false,,,,,,,,,0,,,\r\n");
        try (Reader in = Files.newBufferedReader(dir.resolve("samples.csv"))) {
            assertThat(CSVFormat.RFC4180.parse(in).getRecords()).hasSize(1 + 5);
        }
    }

    @Test
    void samples_csv_quotes_commas_quotes_and_newlines_in_text() throws IOException {
        assertThat(samplesCsv())
                .contains("\r\n1,llamacpp:tiny,c1,p1,0,false,2026-01-01T00:00:01Z,100.000,200.000,"
                        + "50.000,20.00,3,SERVER_USAGE,5,SERVER_USAGE,STOP,1,,,,,,,,\"a, \"\"b\"\"\nc\",0,1000.000,0.000,100.000,200.000,1,,,,,,,0,"
                        + "100.000,,100.000,3,SERVER_USAGE,3,SERVER_USAGE,0,,0,SERVER_USAGE,false,,,,,,,,,0,,,\r\n");
    }

    @Test
    void samples_csv_leaves_undefined_metrics_empty_and_records_the_failure() throws IOException {
        assertThat(samplesCsv())
                .contains("\r\n2,llamacpp:tiny,c1,p1,0,false,2026-01-01T00:00:02Z,,30.000,,,0,"
                        + "CHUNK_COUNT,,,ERROR,2,SERVER_ERROR,503,\"overloaded, retry <later>\",,false,,,,0,2000.000,0.000,,30.000,1,,,,,,,0,"
                        + ",,,,,0,CHUNK_COUNT,0,,0,,false,,,,,,,,,0,,,\r\n");
    }

    @Test
    void samples_csv_round_trips_untrusted_text_exactly() throws IOException {
        samplesCsv();
        assertThat(Results.records(dir.resolve("samples.csv")))
                .extracting(r -> r.get("text"))
                .containsExactly("warm", "a, \"b\"\nc", "", Results.SCRIPT, Results.IMG);
    }

    @Test
    void summary_csv_has_the_documented_columns() throws IOException {
        new CsvReportWriter().write(Results.mixed(), dir);
        String header = Files.readAllLines(dir.resolve("summary.csv")).get(0);
        assertThat(header).isEqualTo(String.join(",", CsvReportWriter.SUMMARY_COLUMNS));
        assertThat(CsvReportWriter.SUMMARY_COLUMNS)
                .startsWith("provider", "access_mode", "requests")
                .containsSubsequence(
                        "load_ms",
                        "pass_rate",
                        "cost_usd_total",
                        "cost_per_1k_requests",
                        "cost_per_correct",
                        "self_hosted_usd_per_1m_output_tokens",
                        "skipped_reason",
                        "first_answer_p50_ms")
                .endsWith(
                        "hidden_output_share",
                        "hidden_cost_share",
                        "reasoning",
                        "sweep_of",
                        "schema_checked",
                        "schema_valid",
                        "schema_valid_rate",
                        "tool_selection_accuracy",
                        "tool_calls_checked",
                        "tool_calls_valid",
                        "tool_argument_validity_rate",
                        "first_tool_call_p50_ms",
                        "first_tool_call_p95_ms")
                .contains("e2e_p99_ms", "tpot_max_ms", "itl_p50_ms", "retries");
    }

    @Test
    void summary_row_values_match_the_summary() throws IOException {
        RunResult result = Results.mixed();
        Summary s = result.summaries().get("llamacpp:tiny");
        CSVRecord row = summaryRecords().get(0);

        assertThat(row.get("provider")).isEqualTo("llamacpp:tiny");
        assertThat(row.get("access_mode")).isEqualTo("IN_PROCESS");
        assertThat(row.get("requests")).isEqualTo("2");
        assertThat(row.get("failures")).isEqualTo("1");
        assertThat(row.get("retries")).isEqualTo("1");
        assertThat(row.get("error_rate")).isEqualTo("0.5000");
        assertThat(row.get("ttft_p50_ms"))
                .isEqualTo(threeDecimals(s.ttftMs().p50()))
                .startsWith("100.");
        assertThat(row.get("ttft_p99_ms")).isEqualTo(threeDecimals(s.ttftMs().p99()));
        assertThat(row.get("e2e_p95_ms"))
                .isEqualTo(threeDecimals(s.e2eMs().p95()))
                .startsWith("200.");
        assertThat(row.get("e2e_max_ms")).isEqualTo(threeDecimals(s.e2eMs().max()));
        assertThat(row.get("tpot_p50_ms"))
                .isEqualTo(threeDecimals(s.tpotMs().p50()))
                .startsWith("50.");
        assertThat(row.get("itl_p50_ms"))
                .isEqualTo(threeDecimals(s.itlMs().p50()))
                .startsWith("50.");
        assertThat(row.get("decode_tps_p50"))
                .isEqualTo(String.format(
                        Locale.ROOT, "%.2f", s.decodeTokensPerSecond().p50()));
        assertThat(row.get("output_tokens")).isEqualTo("3");
        assertThat(row.get("window_s")).isEqualTo("2.000");
        assertThat(row.get("output_tok_per_s")).isEqualTo("1.50");
        assertThat(row.get("requests_per_s")).isEqualTo("0.500");
        assertThat(row.get("load_ms")).isEqualTo("1234.500");
        assertThat(row.get("skipped_reason")).isEmpty();
    }

    @Test
    void summary_leaves_load_time_empty_when_not_applicable() throws IOException {
        assertThat(summaryRecords().get(1).get("load_ms")).isEmpty();
    }

    @Test
    void summary_lists_skipped_providers_with_their_reason_and_no_numbers() throws IOException {
        CSVRecord row = summaryRecords().get(2);
        assertThat(row.get("provider")).isEqualTo("openai:gpt");
        assertThat(row.get("access_mode")).isEqualTo("PROPRIETARY_API");
        assertThat(row.get("requests")).isEmpty();
        assertThat(row.get("ttft_p50_ms")).isEmpty();
        assertThat(row.get("skipped_reason")).isEqualTo("OPENAI_API_KEY is not set. Export it, then run again.");
    }

    @Test
    void numbers_use_a_dot_whatever_the_default_locale() throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(summaryRecords().get(0).get("window_s")).isEqualTo("2.000");
        } finally {
            Locale.setDefault(before);
        }
    }

    private static String threeDecimals(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Test
    void samples_csv_records_pass_score_and_failed_assertions_with_reasons() throws IOException {
        new CsvReportWriter().write(Results.golden(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("samples.csv"));
        CSVRecord tinyPoem = rows.get(3);
        assertThat(tinyPoem.get("pass")).isEqualTo("true");
        assertThat(tinyPoem.get("score")).isEqualTo("1.0000");
        assertThat(tinyPoem.get("failed_assertions")).isEmpty();
        CSVRecord gptPoem = rows.get(7);
        assertThat(gptPoem.get("pass")).isEqualTo("false");
        assertThat(gptPoem.get("score")).isEqualTo("0.6667");
        assertThat(gptPoem.get("failed_assertions")).isEqualTo("not-contains: negated: output contains '<b>'");
        assertThat(rows.get(0).get("pass")).as("warm-ups are not judged").isEmpty();
    }

    @Test
    void summary_csv_gives_each_provider_its_pass_rate() throws IOException {
        new CsvReportWriter().write(Results.golden(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("summary.csv"));
        assertThat(rows).extracting(r -> r.get("pass_rate")).containsExactly("0.7500", "0.5000", "");
    }

    private List<CSVRecord> goldenSummary() throws IOException {
        new CsvReportWriter().write(Results.golden(), dir);
        return Results.records(dir.resolve("summary.csv"));
    }

    @Test
    void summary_csv_gives_cost_total_per_1k_requests_and_per_correct_answer_when_every_sample_is_priced()
            throws IOException {
        CSVRecord tiny = goldenSummary().get(0);
        // measured: 0.00004 + 0.000042 + 0.000085 + 0.001 = 0.001167 over 4 requests, 3 passing
        assertThat(tiny.get("cost_usd_total")).isEqualTo("0.001167");
        assertThat(tiny.get("cost_per_1k_requests")).isEqualTo("0.29175");
        assertThat(tiny.get("cost_per_correct")).isEqualTo("0.000389");
    }

    @Test
    void summary_csv_leaves_cost_empty_when_a_measured_sample_has_no_cost() throws IOException {
        CSVRecord gpt = goldenSummary().get(1);
        assertThat(gpt.get("cost_usd_total")).isEmpty();
        assertThat(gpt.get("cost_per_1k_requests")).isEmpty();
        assertThat(gpt.get("cost_per_correct")).isEmpty();
    }

    @Test
    void a_turn_of_a_conversation_names_its_conversation_and_turn_and_its_cached_input() {
        Sample turn = Sample.builder()
                .seq(7)
                .providerId("openai:m")
                .caseId("trip")
                .promptId("p1")
                .startedAt(Instant.EPOCH)
                .tokens(new TokenCounts(120, 8, 96, -1, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE))
                .turn(new Turn("trip/p1/r0", 2, 3))
                .build();

        List<String> row = CsvReportWriter.sampleRow(turn);

        assertThat(row).hasSize(CsvReportWriter.SAMPLE_COLUMNS.size());
        int cached = CsvReportWriter.SAMPLE_COLUMNS.indexOf("cached_input_tokens");
        assertThat(row.subList(cached, cached + 4)).containsExactly("96", "trip/p1/r0", "2", "0");
        assertThat(row.get(CsvReportWriter.SAMPLE_COLUMNS.indexOf("input_tokens")))
                .isEqualTo("120");
    }
}
