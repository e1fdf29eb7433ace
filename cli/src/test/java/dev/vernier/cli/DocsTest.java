package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.suite.SuiteSchema;
import dev.vernier.core.testing.TestModels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README and the pages under docs/ cannot rot: every link resolves, every {@code vernier}
 * command parses with the real command line, every Maven command names profiles, modules and test
 * classes that exist, every {@code java} command names a jar the build makes or a class that
 * exists, every suite shown loads, and the table of suite keys is the one the loader uses. The two
 * README commands are run for real by {@code .ci/run}.
 */
class DocsTest {

    private static final Path ROOT = TestModels.dir().getParent();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final String KEYS_BEGIN = "<!-- suite-keys:begin -->";
    private static final String KEYS_END = "<!-- suite-keys:end -->";

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** A fenced block of a page: its language and lines. */
    private record Block(Path page, String lang, List<String> lines) {}

    private static List<Block> blocks(Path page) throws IOException {
        List<Block> out = new ArrayList<>();
        List<String> current = null;
        String lang = "";
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                    lang = line.substring(3).trim();
                } else {
                    out.add(new Block(page, lang, current));
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    /** The shell commands of a page's bash blocks: continuation lines joined, comments dropped. */
    private static List<String> commands(Path page) throws IOException {
        List<String> out = new ArrayList<>();
        for (Block b : blocks(page)) {
            if (!b.lang().equals("bash") && !b.lang().equals("sh")) {
                continue;
            }
            StringBuilder pending = new StringBuilder();
            for (String raw : b.lines()) {
                String line = raw.replaceAll("\\s+#.*$", "").strip();
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                for (String part : pending.toString().split("&&")) {
                    out.add(part.strip().replaceAll("\\s*&$", ""));
                }
                pending.setLength(0);
            }
        }
        return out;
    }

    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }

    @Test
    void every_relative_link_of_the_readme_and_the_docs_resolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                if (!Files.exists(page.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(page) + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void every_vernier_command_in_the_docs_parses_with_the_real_command_line() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Path page : pages()) {
            for (String command : commands(page)) {
                List<String> w = words(command);
                int at = -1;
                if (!w.isEmpty() && w.get(0).equals("./vernier")) {
                    at = 1;
                } else if (w.size() > 2
                        && w.get(0).equals("java")
                        && w.get(1).equals("-jar")
                        && w.get(2).endsWith("vernier-cli.jar")) {
                    at = 3;
                }
                if (at < 0) {
                    continue;
                }
                String[] args = w.subList(at, w.size()).toArray(String[]::new);
                try {
                    new CommandLine(new VernierCommand()).parseArgs(args);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(
                            ROOT.relativize(page) + ": '" + command + "' does not parse: " + e.getMessage(), e);
                }
                checked.add(command);
            }
        }
        assertThat(checked).contains("./vernier run benchmarks/suites/quickstart.yaml");
    }

    @Test
    void every_maven_and_java_command_in_the_docs_names_things_that_exist() throws IOException {
        String poms = allPoms();
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            for (String command : commands(page)) {
                List<String> w = words(command);
                if (w.isEmpty()) {
                    continue;
                }
                String where = ROOT.relativize(page) + ": '" + command + "': ";
                if (w.get(0).equals("mvn")) {
                    for (int i = 1; i < w.size(); i++) {
                        String a = w.get(i);
                        if (a.startsWith("-P")) {
                            for (String profile : a.substring(2).split(",")) {
                                if (!poms.contains("<id>" + profile + "</id>")) {
                                    problems.add(where + "no profile " + profile);
                                }
                            }
                        } else if (a.equals("-pl") && i + 1 < w.size()) {
                            for (String module : w.get(++i).split(",")) {
                                if (!Files.isRegularFile(ROOT.resolve(module).resolve("pom.xml"))) {
                                    problems.add(where + "no module " + module);
                                }
                            }
                        } else if (a.startsWith("-Dtest=") || a.startsWith("-Dit.test=")) {
                            String test = a.substring(a.indexOf('=') + 1);
                            if (!test.equals("NONE") && !javaFileExists(test)) {
                                problems.add(where + "no test class " + test);
                            }
                        }
                    }
                } else if (w.get(0).equals("java")) {
                    int jar = w.indexOf("-jar");
                    if (jar >= 0 && jar + 1 < w.size()) {
                        String name = Path.of(w.get(jar + 1)).getFileName().toString();
                        if (!poms.contains(name.replace(".jar", ""))) {
                            problems.add(where + "no pom builds " + name);
                        }
                    } else {
                        w.stream()
                                .filter(x -> x.matches("dev\\.vernier\\.[\\w.]+\\.[A-Z]\\w*"))
                                .filter(x -> !javaFileExists(x.substring(x.lastIndexOf('.') + 1)))
                                .forEach(x -> problems.add(where + "no class " + x));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_suite_shown_in_the_docs_loads() throws IOException {
        int loaded = 0;
        for (Path page : pages()) {
            for (Block b : blocks(page)) {
                String yaml = String.join("\n", b.lines());
                if (!b.lang().equals("yaml") || !yaml.startsWith("prompts:") && !yaml.contains("\nprompts:")) {
                    continue;
                }
                SuiteLoader loader = new SuiteLoader(ProviderRegistry.load(), Map.<String, String>of()::get);
                if (!yaml.contains("providers:")) {
                    loader = loader.withProvidersInCode();
                }
                loader.parse(ROOT.resolve("suite-in-" + page.getFileName() + ".yaml"), new StringReader(yaml));
                loaded++;
            }
        }
        assertThat(loaded).as("suites shown in the docs").isPositive();
    }

    @Test
    void every_example_suite_under_docs_examples_loads() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs/examples"))) {
            examples =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        SuiteLoader loader = new SuiteLoader(ProviderRegistry.load(), Map.<String, String>of()::get);
        for (Path example : examples) {
            assertThat(loader.load(example).prompts()).as(example.toString()).isNotEmpty();
        }
        assertThat(examples).as("example suites").isNotEmpty();
    }

    @Test
    void the_suite_keys_in_the_docs_are_the_ones_the_loader_accepts() throws IOException {
        Path page = ROOT.resolve("docs/suites.md");
        String text = Files.readString(page);
        String generated = KEYS_BEGIN + "\n" + SuiteSchema.markdown() + KEYS_END;
        if (Boolean.getBoolean("vernier.docs.update")) {
            int a = text.indexOf(KEYS_BEGIN);
            int b = text.indexOf(KEYS_END) + KEYS_END.length();
            Files.writeString(page, text.substring(0, a) + generated + text.substring(b), StandardCharsets.UTF_8);
            text = Files.readString(page);
        }
        assertThat(text)
                .as("docs/suites.md's key tables (regenerate with -Dvernier.docs.update=true)")
                .contains(generated);
    }

    private static String allPoms() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT, 4)) {
            for (Path pom : files.filter(p -> p.getFileName().toString().equals("pom.xml")
                            && !p.toString().contains("/target/")
                            && !p.toString().contains("/src/it/"))
                    .toList()) {
                all.append(Files.readString(pom));
            }
        }
        return all.toString();
    }

    private static boolean javaFileExists(String simpleName) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(simpleName + ".java")
                    && !p.toString().contains("/target/"));
        } catch (IOException e) {
            return false;
        }
    }
}
