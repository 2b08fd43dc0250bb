package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The package-cycle rule of {@link ModuleLayoutTest} finds a cycle, names its edges, and ignores what is not code. */
class PackageGraphTest {
  static PackageGraph graph(Map<String, String> files) {
    return PackageGraph.of("m", files.keySet().stream().map(Path::of).sorted().toList(),
        f -> files.get(f.toString()));
  }

  @Test
  void aPackageAndItsSubpackageThatUseEachOtherAreACycle() {
    PackageGraph g = graph(Map.of(
        "A.java", "package io.leadscore.m;\nimport io.leadscore.m.sink.B;\nclass A {}",
        "B.java", "package io.leadscore.m.sink;\nclass B { io.leadscore.m.Errors.Kind k; }",
        "C.java", "package io.leadscore.m.spark;\nimport io.leadscore.m.A;\nimport io.leadscore.core.X;\nclass C {}"));
    assertEquals(List.of(Set.of("io.leadscore.m", "io.leadscore.m.sink")), g.cycles());
    Set<String> cycle = Set.of("io.leadscore.m", "io.leadscore.m.sink");
    assertEquals(List.of("io.leadscore.m -> io.leadscore.m.sink (by A)",
        "io.leadscore.m.sink -> io.leadscore.m (by B)"), g.edgesWithin(cycle));
  }

  @Test
  void commentsAndStringsAreNoUse() {
    PackageGraph g = graph(Map.of(
        "A.java", "package io.leadscore.m;\nimport io.leadscore.m.sink.B;\nclass A {}",
        "B.java", "package io.leadscore.m.sink;\n/** see {@link io.leadscore.m.A} */\nclass B {\n"
            + "  // io.leadscore.m.A is above\n  String s = \"io.leadscore.m.A\";\n}"));
    assertEquals(List.of(), g.cycles());
  }
}
