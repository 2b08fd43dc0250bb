package io.leadscore.core.config;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import io.leadscore.core.LeadscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One configuration file serves the batch and the service: a batch program (here core alone, without the serving
 * module's reference.conf) accepts the service's keys and still rejects a misspelt key of its own.
 */
class ServiceSectionsTest {
  @Test
  void theServicesKeysPassWhereItsModuleIsAbsentAndATypoStillFails(@TempDir Path dir) throws Exception {
    Path conf = Files.writeString(dir.resolve("c.conf"),
        "leadscore.serving { port = 8080, api_keys.required = false }\nleadscore.storage.root = \"x\"\n");
    Config c = LeadscoreConfig.load(conf, Map.of());
    assertEquals(8080, c.getInt("leadscore.serving.port"));

    Files.writeString(conf, "leadscore.serving.port = 8080\nleadscore.storage.rot = \"x\"\n");
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> LeadscoreConfig.load(conf, Map.of()));
    assertTrue(e.getMessage().contains("leadscore.storage.rot"), e.getMessage());
    assertFalse(e.getMessage().contains("serving"), e.getMessage());
  }
}
