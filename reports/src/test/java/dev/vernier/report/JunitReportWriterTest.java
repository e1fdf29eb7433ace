package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.RunResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportWriterTest {

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void one_testcase_per_case_prompt_and_provider_with_failures_and_skips() throws Exception {
        Document doc = parse(new JunitReportWriter().render(Results.golden()));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(6);
        Element gptPoem = (Element) cases.item(3);
        assertThat(gptPoem.getAttribute("classname")).isEqualTo("openai:gpt-4.1-mini");
        assertThat(gptPoem.getAttribute("name")).isEqualTo("poem/ask");
        Element failure = (Element) gptPoem.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("RATE_LIMITED");
        assertThat(failure.getAttribute("message")).contains("slow down\nplease <now>");
        Element skipped = (Element)
                ((Element) cases.item(4)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).startsWith("ANTHROPIC_API_KEY is not set");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("2");
    }

    @Test
    void control_characters_in_messages_still_give_well_formed_xml() throws Exception {
        RunResult base = Results.golden();
        var bad = Results.at(
                1,
                "llamacpp:tiny",
                "c\u0000x",
                0,
                false,
                List.of(),
                5,
                "",
                TokenCounts.of(1, 0, CountSource.ESTIMATE),
                Failure.of(FailureKind.PROVIDER_ERROR, "bell\u0007 and lone \uD800 surrogate ]]>"),
                1);
        RunResult r = new RunResult(
                base.suiteName(),
                base.suiteFile(),
                base.startedAt(),
                base.finishedAt(),
                base.environment(),
                base.providers().subList(0, 1),
                List.of(bad));
        Document doc = parse(new JunitReportWriter().render(r));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("bell\uFFFD and lone \uFFFD surrogate ]]>");
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name"))
                .isEqualTo("c\uFFFDx/ask");
    }

    @Test
    void an_output_failing_its_assertions_is_a_failure_with_the_reason() throws Exception {
        RunResult base = Results.golden();
        var unmet = Results.at(
                        1,
                        "llamacpp:tiny",
                        "capital",
                        0,
                        false,
                        List.of(Results.ms(10)),
                        Results.ms(12),
                        "Rome",
                        TokenCounts.of(1, 1, CountSource.ESTIMATE),
                        null,
                        1)
                .withScores(Results.capital(false));
        var met = Results.at(
                        2,
                        "llamacpp:tiny",
                        "capital",
                        1,
                        false,
                        List.of(Results.ms(10)),
                        Results.ms(12),
                        "Paris",
                        TokenCounts.of(1, 1, CountSource.ESTIMATE),
                        null,
                        1)
                .withScores(Results.capital(true));
        RunResult r = new RunResult(
                base.suiteName(),
                base.suiteFile(),
                base.startedAt(),
                base.finishedAt(),
                base.environment(),
                base.providers().subList(0, 1),
                List.of(unmet, met));

        Document doc = parse(new JunitReportWriter().render(r));

        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("assertion");
        assertThat(failure.getAttribute("message"))
                .isEqualTo("1 of 2 outputs failed their assertions: icontains: output does not contain 'paris'");
        assertThat(failure.getTextContent()).isEqualTo("repeat 0: icontains: output does not contain 'paris'\n");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }
}
