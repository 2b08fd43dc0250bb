package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.cli.docs.CliDocs;
import io.leadscore.cli.docs.ConfigDocs;
import io.leadscore.cli.docs.Links;
import io.leadscore.cli.docs.TableDocs;
import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.features.catalog.FeatureDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference pages are generated from the code and cannot drift: each is regenerated in memory and compared with
 * the committed file. {@code -Ddocs.write=true} rewrites them:
 * {@code mvn -o -pl cli -am test -Dtest=DocsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true}. No Spark.
 */
class DocsTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize(); // surefire runs in the module folder
  static final Path REFERENCE = REPO.resolve("docs/reference");

  static void check(String page, String generated) throws IOException {
    Path file = REFERENCE.resolve(page);
    if (Boolean.getBoolean("docs.write")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
      return;
    }
    assertTrue(Files.exists(file), "docs/reference/" + page + " is missing: run DocsTest with -Ddocs.write=true");
    String committed = Files.readString(file);
    if (!committed.equals(generated)) {
      fail("docs/reference/" + page + " differs from the code, first at line " + firstDifference(committed, generated)
          + ". Regenerate: mvn -o -pl cli -am test -Dtest=DocsTest -Dsurefire.failIfNoSpecifiedTests=false "
          + "-Ddocs.write=true (then review the diff)");
    }
  }

  static String firstDifference(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String l = i < x.length ? x[i] : "<end of file>";
      String r = i < y.length ? y[i] : "<end of file>";
      if (!l.equals(r)) {
        return (i + 1) + ":\n  committed: " + l + "\n  generated: " + r;
      }
    }
    return "?";
  }

  @Test
  void cliReferenceIsGeneratedFromTheCommands() throws IOException {
    check("cli.md", CliDocs.markdown());
  }

  @Test
  void configurationReferenceIsGeneratedFromEveryReferenceConf() throws IOException {
    check("configuration.md", ConfigDocs.markdown(REPO));
  }

  @Test
  void tablesReferenceIsGeneratedFromTheSchemas() throws IOException {
    check("tables.md", TableDocs.markdown());
  }

  @Test
  void featuresReferenceIsGeneratedFromTheCatalogue() throws IOException {
    check("features.md", FeatureDocs.markdown(FeatureCatalog.standard()));
  }

  @Test
  void theNewCrmHowToShowsTheCanonicalSchema() throws IOException {
    Path howTo = REPO.resolve("docs/how-to/new-crm-export.md");
    String page = Files.readString(howTo);
    String generated = io.leadscore.cli.docs.CanonicalDocs.withTable(page);
    if (Boolean.getBoolean("docs.write")) {
      Files.writeString(howTo, generated);
      return;
    }
    assertEquals(page, generated, "the canonical schema in docs/how-to/new-crm-export.md differs from "
        + "CanonicalSchema: regenerate with -Ddocs.write=true");
    assertTrue(page.contains("| `accounts` | `employees` | long | `log_employees` |"), page);
  }

  @Test
  void theReadmeIsShortAndLinksIntoTheDocs() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("README.md"));
    assertTrue(lines.size() <= 250, "README.md has " + lines.size() + " lines; at most 250 (move detail into docs/)");
    String readme = String.join("\n", lines);
    for (String page : List.of("docs/getting-started.md", "docs/reference/cli.md", "docs/how-to/new-crm-export.md",
        "CONTRIBUTING.md")) {
      assertTrue(readme.contains("](" + page), "README links " + page);
    }
  }

  @Test
  void everyModuleWithAReferenceConfIsDocumented() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(REPO)) {
      s.filter(m -> Files.exists(ConfigDocs.file(REPO, m.getFileName().toString())))
          .forEach(m -> found.add(m.getFileName().toString()));
    }
    assertEquals(found.stream().sorted().toList(), ConfigDocs.MODULES.stream().sorted().toList());
  }

  @Test
  void everyConfigurationKeyHasADescription() {
    assertEquals(List.of(), ConfigDocs.undescribed(REPO),
        "add a comment above each key in its reference.conf (it becomes docs/reference/configuration.md)");
  }

  @Test
  void everyLinkOfTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>();
    try (Stream<Path> s = Files.walk(REPO.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    for (String top : List.of("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "bench/README.md")) {
      if (Files.exists(REPO.resolve(top))) {
        pages.add(REPO.resolve(top));
      }
    }
    assertTrue(pages.size() >= 4, pages.toString());
    List<String> broken = new ArrayList<>();
    pages.forEach(p -> broken.addAll(Links.broken(p)));
    assertEquals(List.of(), broken);
  }

  @Test
  void theLinkCheckFindsABrokenLinkAndAMissingAnchor(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.md"), "# A page\n\n## Run `leadscore sql`\n");
    Path b = Files.writeString(dir.resolve("b.md"), "[ok](a.md#run-leadscore-sql) [ok](a.md) [web](https://x.y/z)\n"
        + "[gone](nope.md) [anchor](a.md#nothing)\n```\n[in code](ignored.md)\n```\n");
    List<String> broken = Links.broken(b);
    assertEquals(2, broken.size(), broken.toString());
    assertTrue(broken.get(0).contains("nope.md") && broken.get(1).contains("a.md#nothing"), broken.toString());
  }
}
