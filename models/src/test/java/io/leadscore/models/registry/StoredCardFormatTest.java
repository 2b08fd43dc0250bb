package io.leadscore.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.models.tracking.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stored JSON of model cards (registry.json, card.json, model_card.json) and run records (run.json) is
 * the format older versions wrote and read: files written before the records were grouped read back, and
 * write out again with the same fields, order and layout (maps of parameters and metrics excepted, whose
 * order was never fixed).
 */
class StoredCardFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void aCardWrittenByTheOldCodeReadsBackAndWritesTheSameJson() throws IOException {
    String old = resource("/compat/card-v1.json");
    ModelCard card = JSON.readValue(old, ModelCard.class);

    assertEquals(1, card.version());
    assertEquals("leadscore", card.name());
    assertEquals(40, card.features().size());
    assertEquals("standard-2", card.catalogVersion());
    assertEquals(new ModelCard.Provenance(card.features(), "standard-2", "2026-05-24", "2026-09-25", "2026-10-25", 7,
        card.provenance().inputVersions()), card.provenance());
    assertEquals(203, ((Number) card.training().params().get("num_round")).intValue());
    assertFalse(card.contract().isEmpty());
    assertTrue(card.decision().startsWith("promoted: "), card.decision());
    assertTrue(card.outOfFold().isEmpty());

    assertSameJson(old, JSON.writeValueAsString(card));
  }

  @Test
  void aCardWrittenBeforeContractsFitsAndDecisionsStillReads() throws IOException {
    ModelCard card = JSON.readValue("{\"version\": 2, \"name\": \"leadscore\", \"createdAt\": \"t\", \"path\": \"/m/v2\","
        + " \"features\": [\"a\"], \"catalogVersion\": \"c\", \"trainFrom\": \"f\", \"trainTo\": \"t\","
        + " \"holdoutFrom\": \"h\", \"seed\": 5, \"params\": {}, \"metrics\": {\"holdout_auc\": 0.7},"
        + " \"inputVersions\": {\"training_set\": 3}, \"retired\": true}", ModelCard.class);
    assertEquals(ModelCard.Contract.NONE, card.contract());
    assertEquals(Map.of(), card.fits());
    assertEquals("", card.decision());
    assertEquals("/m/v2/xgboost", card.evaluatedModelPath());
    assertEquals(Map.of("training_set", 3L), card.provenance().inputVersions());
    assertEquals(List.of("version", "name", "createdAt", "path", "features", "catalogVersion", "trainFrom", "trainTo",
        "holdoutFrom", "seed", "params", "metrics", "inputVersions", "contract", "fits", "decision"),
        fieldNames(JSON.readTree(JSON.writeValueAsString(card))));
  }

  @Test
  void aRunRecordWrittenByTheOldCodeReadsBackAndWritesTheSameJson() throws IOException {
    String old = resource("/compat/run-v1.json");
    RunRecord run = JSON.readValue(old, RunRecord.class);

    assertEquals("leadscore", run.model().name());
    assertEquals(1, run.inputs().size());
    assertTrue(run.artifacts().contains("model_card.json"), run.artifacts().toString());
    assertEquals("champion", run.tags().get("decision"));

    assertSameJson(old, JSON.writeValueAsString(run));
  }

  /** The same tree, the same field order outside maps, and the same lines (commas aside, maps reorder). */
  private static void assertSameJson(String expected, String actual) throws IOException {
    JsonNode e = JSON.readTree(expected);
    JsonNode a = JSON.readTree(actual);
    assertEquals(e, a);
    assertEquals(fieldNames(e), fieldNames(a));
    assertEquals(sortedLines(expected), sortedLines(actual));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> sortedLines(String json) {
    return json.lines().map(l -> l.endsWith(",") ? l.substring(0, l.length() - 1) : l).sorted().toList();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = StoredCardFormatTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
