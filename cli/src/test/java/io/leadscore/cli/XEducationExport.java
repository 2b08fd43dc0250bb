package io.leadscore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests on the real X Education export share: where the export is (the test is skipped where the shared
 * data is absent), a configuration that keeps a run's files in the test's folder, and the small training setup.
 */
final class XEducationExport {
  static final String DATE = "2026-11-24";

  /**
   * One grid point on 3 folds: these tests are about ingestion, row keys and promotion, not the model. The grid,
   * not conf/local.conf's random search: its time budget would make the trials, and so the model, machine-dependent.
   */
  static final Map<String, String> SMALL_GRID = ordered(
      "leadscore.training.search.kind", "grid",
      "leadscore.training.grid.max_depth", "4",
      "leadscore.training.grid.min_child_weight", "1",
      "leadscore.training.folds", "3");

  private XEducationExport() {}

  /** The export under {@code leadscore.shared.data}; the calling test is skipped where it is absent. */
  static Path csvOrSkip() {
    Path csv = Path.of(System.getProperty("leadscore.shared.data", "../shared/data"), "leads", "Leads.csv");
    Assumptions.assumeTrue(Files.isRegularFile(csv), "needs the X Education export at " + csv);
    return csv;
  }

  /** A run's configuration file and the lakehouse it writes. */
  record Setup(Path conf, Path lakehouse) {}

  /**
   * A configuration {@code dir/NAME.conf} that includes {@code conf/BASE_CONF} and moves the lakehouse, the
   * landing folder and the CRM outbox under {@code dir/NAME/}, so a test never writes into the clone.
   */
  static Setup setUp(Path dir, String name, String baseConf) throws IOException {
    Path conf = dir.resolve(name + ".conf");
    Path lakehouse = dir.resolve(name + "/lakehouse");
    Files.writeString(conf, String.join("\n",
        "include \"" + Path.of("../conf/" + baseConf).toAbsolutePath().normalize() + "\"",
        "leadscore.storage.root = \"" + lakehouse + "\"",
        "leadscore.landing.dir = \"" + dir.resolve(name + "/landing") + "\"",
        "leadscore.writeback.outbox_dir = \"" + dir.resolve(name + "/outbox") + "\""));
    return new Setup(conf, lakehouse);
  }

  /** The settings as the command line's {@code --set KEY=VALUE} arguments, in their order. */
  static List<String> setArgs(Map<String, String> settings) {
    return settings.entrySet().stream()
        .flatMap(e -> Stream.of("--set", e.getKey() + "=" + e.getValue())).toList();
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
