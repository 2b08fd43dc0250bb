package io.leadscore.training.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import io.leadscore.training.TrainingSettings;
import io.leadscore.training.engine.EngineSettings.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverMemoryTest {
  static final long GIB = 1L << 30;

  @Test
  void theEstimateIsFourBytesACellPerCopyWithOneCopyPerFoldAndTwoMore() {
    assertEquals(20, DriverMemory.bytesPerCell(3));
    assertEquals(28, DriverMemory.bytesPerCell(5));
    // the 1M-lead nightly: 3.47M training rows x 40 features
    assertEquals(2_776_000_000L, DriverMemory.nativeBytes(3_470_000, 40, 3));
    DriverMemory eightGib = new DriverMemory(8 * GIB, 0.5);
    assertEquals(4 * GIB, eightGib.budget());
    assertTrue(eightGib.fits(3_470_000, 40, 3));
    assertFalse(new DriverMemory(4 * GIB, 0.5).fits(3_470_000, 40, 3));
    // the distributed engine's holdout (one 1M-lead snapshot) against half the whole heap, not the share
    assertTrue(new DriverMemory(2 * GIB, 0.000001).holdoutFits(1_000_000, 40));
    assertFalse(new DriverMemory(GIB / 2, 0.5).holdoutFits(1_000_000, 40));
  }

  @Test
  void autoPicksNativeWhenTheRowsFitTheShareAndDistributedOtherwise() {
    DriverMemory m = new DriverMemory(GIB, 0.5);
    // 512 MiB budget at 20 bytes a cell: 26.8M cells
    DriverMemory.Choice small = m.choose(Engine.AUTO, 600_000, 40, 3);
    assertEquals(Engine.NATIVE, small.engine());
    assertEquals("engine = auto: native, 600000 rows x 40 features need about 457.8 MiB on the driver, budget "
        + "512.0 MiB = 0.5 x 1024.0 MiB max heap", small.reason());
    assertEquals(Engine.DISTRIBUTED, m.choose(Engine.AUTO, 700_000, 40, 3).engine());
    assertEquals(Engine.DISTRIBUTED, m.choose(Engine.DISTRIBUTED, 10, 40, 3).engine());
    assertEquals(Engine.NATIVE, m.choose(Engine.NATIVE, 600_000, 40, 3).engine());
  }

  @Test
  void nativeThatDoesNotFitNamesTheSizesAndTheWayOut() {
    LeadscoreException e = assertThrows(LeadscoreException.class,
        () -> new DriverMemory(GIB, 0.5).choose(Engine.NATIVE, 3_470_000, 40, 3));
    assertEquals("Training needs about 2647.4 MiB of driver heap for 3470000 rows x 40 features (20 bytes a cell with 3 "
        + "folds), above leadscore.training.driver_heap_share=0.5 of the 1024.0 MiB max heap (512.0 MiB): give the "
        + "driver more heap (spark-submit --driver-memory, or -Xmx), or set leadscore.training.engine = distributed "
        + "(or auto)", e.getMessage());
  }

  @Test
  void settingsAreValidatedWithTheKeyInTheMessage() {
    TrainingSettings d = TrainingSettings.from(LeadscoreConfig.defaults(Map.of()));
    assertEquals(new EngineSettings(Engine.AUTO, 0.5, 0, 1.0, 0), d.engine());
    assertEquals(Engine.DISTRIBUTED, TrainingSettings.from(LeadscoreConfig.defaults(Map.of(
        "leadscore.training.engine", "Distributed"))).engine().engine());
    LeadscoreException e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.engine", "spark"))));
    assertEquals("'leadscore.training.engine' is 'spark' but must be auto, native or distributed", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.driver_heap_share", "0"))));
    assertEquals("'leadscore.training.driver_heap_share' is 0.0 but must be in (0, 1]", e.getMessage());
    e = assertThrows(LeadscoreException.class, () -> TrainingSettings.from(
        LeadscoreConfig.defaults(Map.of("leadscore.training.distributed.cv_fraction", "1.5"))));
    assertEquals("'leadscore.training.distributed.cv_fraction' is 1.5 but must be in (0, 1]", e.getMessage());
  }
}
