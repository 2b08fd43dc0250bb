package io.leadscore.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.core.LeadscoreException;
import io.leadscore.models.registry.ModelRegistry.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest {
  @TempDir
  Path dir;

  static ModelCard card(String name) {
    return RegistryClaimer.card(name);
  }

  @Test
  void statesAndAnAppendOnlyHistory() {
    ModelRegistry r = ModelRegistry.local(dir.toString());
    int v1 = r.register(card("a")).version();
    int v2 = r.register(card("b")).version();
    int v3 = r.register(card("c")).version();
    assertEquals(List.of(1, 2, 3), List.of(v1, v2, v3));
    assertEquals(Status.CANDIDATE, r.status(v1));
    r.promote(v1, "first");
    r.mark(v2, Status.CHALLENGER, "no significant gain");
    r.mark(v3, Status.REJECTED, "leakage alarm");
    assertEquals(Status.CHAMPION, r.status(v1));
    assertEquals(v2, r.challenger().orElseThrow().version());
    assertEquals(Status.REJECTED, r.status(v3));
    assertEquals(List.of("1 candidate", "2 candidate", "3 candidate", "1 champion", "2 challenger", "3 rejected"),
        r.history().stream().map(e -> e.version() + " " + e.status()).toList());
    assertTrue(Files.isRegularFile(dir.resolve("v2/card.json")), "each version folder holds its card");
  }

  @Test
  void aRolledBackOrRejectedVersionNeverBecomesTheChallenger() {
    ModelRegistry r = ModelRegistry.local(dir.toString());
    r.promote(r.register(card("a")).version(), "first");
    r.promote(r.register(card("b")).version(), "second");
    r.mark(r.register(card("c")).version(), Status.REJECTED, "below the floor");
    assertEquals(1, r.rollback().version());
    assertEquals(Status.RETIRED, r.status(2));
    // the seed took "the newest version above the champion": v3 (rejected) or v2 (rolled back)
    assertTrue(r.challenger().isEmpty(), "challenger " + r.challenger());
    r.mark(r.register(card("d")).version(), Status.CHALLENGER, "no significant gain");
    r.mark(r.register(card("e")).version(), Status.CHALLENGER, "no significant gain");
    assertEquals(5, r.challenger().orElseThrow().version());
    assertEquals(Status.RETIRED, r.status(4));
    assertThrows(IllegalArgumentException.class, () -> r.mark(5, Status.CHAMPION, "not this way"));
  }

  @Test
  void aCrashBetweenTheWritesKeepsTheHistoryAndTheNumbering() throws IOException {
    ModelRegistry r = ModelRegistry.local(dir.toString());
    r.promote(r.register(card("a")).version(), "first");
    r.mark(r.register(card("b")).version(), Status.CHALLENGER, "no gain");
    int events = r.history().size();

    AtomicInteger writes = new AtomicInteger();
    ModelRegistry crashing = new LocalModelRegistry(dir.toString(), () -> {
      if (writes.incrementAndGet() == 1) {
        throw new IllegalStateException("injected crash before the registry file is replaced");
      }
    });
    int v3 = crashing.claim();
    Files.writeString(dir.resolve("v" + v3 + "/model.bin"), "model files written");
    assertThrows(IllegalStateException.class, () -> crashing.register(card("c").withVersion(v3, null)));
    // the process died here; its lock is left behind only if it died inside the lock: the release ran
    assertTrue(Files.isRegularFile(dir.resolve("registry.json")), "the registry file is never missing");

    ModelRegistry next = ModelRegistry.local(dir.toString());
    assertEquals(1, next.champion().orElseThrow().version());
    assertEquals(events, next.history().size());
    ModelCard c = next.register(card("d"));
    assertEquals(4, c.version(), "the next train continues after the crashed v3, never reusing a number");
    assertEquals(List.of(1, 2, 4), next.versions().stream().map(ModelCard::version).toList());
  }

  @Test
  void aMissingOrUnreadableRegistryBesideVersionFoldersIsAnError() throws IOException {
    ModelRegistry r = ModelRegistry.local(dir.toString());
    r.promote(r.register(card("a")).version(), "first");
    Files.writeString(dir.resolve("registry.json"), "{\"versions\": [");
    LeadscoreException unreadable = assertThrows(LeadscoreException.class, r::champion);
    assertTrue(unreadable.getMessage().contains("is unreadable") && unreadable.getMessage().contains("never treated "
        + "as empty"), unreadable.getMessage());
    Files.delete(dir.resolve("registry.json"));
    LeadscoreException missing = assertThrows(LeadscoreException.class, () -> r.register(card("b")));
    assertTrue(missing.getMessage().contains("is missing, but version folders [v1] exist beside it"),
        missing.getMessage());
    assertTrue(Files.notExists(dir.resolve("v2")), "no version was claimed on a lost registry");
  }

  @Test
  void twoTrainersInTwoJvmsGetDistinctVersions() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> ps = new ArrayList<>();
    for (String who : List.of("x", "y")) {
      ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          RegistryClaimer.class.getName(), dir.toString(), "4", who).redirectErrorStream(true).start());
    }
    List<String> out = new ArrayList<>();
    for (Process p : ps) {
      String text = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), text);
      out.addAll(text.lines().filter(l -> l.matches("v[0-9]+")).toList());
    }
    Set<String> distinct = new HashSet<>(out);
    assertEquals(8, out.size(), out.toString());
    assertEquals(8, distinct.size(), "two trainers got the same version: " + out);
    List<ModelCard> versions = ModelRegistry.local(dir.toString()).versions();
    assertEquals(8, versions.size(), "a registration was lost: " + versions.stream().map(ModelCard::version).toList());
  }
}
