package io.leadscore.core.config;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values are found at load with their full key and where they were set. */
class ConfigOriginsTest {
  @Test
  void aWrongTypeNamesTheFullKeyAndTheFileLine(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("x.conf");
    Files.writeString(conf, "leadscore {\n  spark {\n    shuffle_partitions = many\n  }\n}\n");
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> LeadscoreConfig.load(conf, Map.of()));
    assertTrue(e.getMessage().contains("'leadscore.spark.shuffle_partitions' is \"many\" but must be a number"),
        e.getMessage());
    assertTrue(e.getMessage().contains("x.conf:3"), e.getMessage());
  }

  @Test
  void aSetValueIsBlamedOnSetNotOnTheFile(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("x.conf");
    Files.writeString(conf, "leadscore.spark.shuffle_partitions = 4\n");
    LeadscoreException bad = assertThrows(LeadscoreException.class,
        () -> LeadscoreConfig.load(conf, Map.of("leadscore.lock.stale_after", "soon")));
    assertTrue(bad.getMessage().contains("'leadscore.lock.stale_after'") && bad.getMessage().contains("--set"),
        bad.getMessage());
    LeadscoreException unknown = assertThrows(LeadscoreException.class,
        () -> LeadscoreConfig.load(conf, Map.of("leadscore.spark.shufle_partitions", "4")));
    assertTrue(unknown.getMessage().contains("leadscore.spark.shufle_partitions (set by --set)"), unknown.getMessage());
    var ok = LeadscoreConfig.load(conf, Map.of("leadscore.spark.master", "local[1]"));
    assertEquals("--set", ConfigOrigins.of(ok, "leadscore.spark.master"));
    assertTrue(ConfigOrigins.of(ok, "leadscore.spark.shuffle_partitions").endsWith("x.conf:1"));
    assertTrue(ConfigOrigins.annotate(ok, "'leadscore.spark.master' is bad").endsWith("[leadscore.spark.master from --set]"));
  }

  @Test
  void aListCanBeSetInBrackets() {
    var c = LeadscoreConfig.defaults(Map.of("leadscore.config.open_sections", "[leadscore.sources, leadscore.spark.conf]"));
    assertEquals(java.util.List.of("leadscore.sources", "leadscore.spark.conf"),
        c.getStringList("leadscore.config.open_sections"));
    assertEquals(java.util.List.of(), LeadscoreConfig.defaults(Map.of("leadscore.config.open_sections", "[]"))
        .getStringList("leadscore.config.open_sections"));
    LeadscoreException bad = assertThrows(LeadscoreException.class,
        () -> LeadscoreConfig.defaults(Map.of("leadscore.config.open_sections", "[leads")));
    assertTrue(bad.getMessage().contains("--set"), bad.getMessage());
  }

}
