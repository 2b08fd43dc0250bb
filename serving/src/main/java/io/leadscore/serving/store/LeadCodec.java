package io.leadscore.serving.store;

import static io.leadscore.core.Columns.ACTION;
import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.SCORE_DATE;
import static io.leadscore.core.Columns.TIER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.serving.errors.ServingErrors;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A stored lead as one JSON text (the value of its Redis key). Dates and instants travel as ISO text. */
public final class LeadCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LeadCodec() {}

  public static String encode(StoredLead lead) {
    ObjectNode n = JSON.createObjectNode();
    n.put(LEAD_ID, lead.leadId());
    ObjectNode f = n.putObject("features");
    new java.util.TreeMap<>(lead.features()).forEach((k, v) -> f.set(k, JSON.valueToTree(
        v instanceof Number || v instanceof Boolean || v instanceof String ? v : v.toString())));
    n.put("feature_date", lead.featureDate() == null ? null : lead.featureDate().toString());
    n.put("blocked", lead.blocked());
    LeadScore s = lead.nightly();
    if (s != null) {
      ObjectNode o = n.putObject("nightly");
      o.put(PROBABILITY, s.probability());
      o.put(SCORE, s.score());
      o.put(TIER, s.tier());
      s.reasons().forEach(o.putArray(REASONS)::add);
      o.put(ACTION, s.action());
      o.put("model_name", s.model().name());
      o.put(MODEL_VERSION, s.model().version());
      o.put(ARM, s.model().arm());
      o.put(SCORE_DATE, s.scoreDate().toString());
      o.put("route", s.route());
    }
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw ServingErrors.wrap("cannot encode lead " + lead.leadId(), e);
    }
  }

  public static StoredLead decode(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      Map<String, Object> features = new HashMap<>();
      n.get("features").fields().forEachRemaining(e -> features.put(e.getKey(), plain(e.getValue())));
      LeadScore nightly = null;
      JsonNode o = n.get("nightly");
      if (o != null && !o.isNull()) {
        List<String> reasons = new ArrayList<>();
        o.path(REASONS).forEach(r -> reasons.add(r.asText()));
        nightly = new LeadScore(o.get(PROBABILITY).asDouble(), o.get(SCORE).asInt(), o.get(TIER).asText(),
            reasons, o.path(ACTION).asText(""), new ModelRef(o.get("model_name").asText(),
            o.get(MODEL_VERSION).asText(), o.get(ARM).asText()), LocalDate.parse(o.get(SCORE_DATE).asText()),
            text(o, "route"));
      }
      return new StoredLead(n.get(LEAD_ID).asText(), features, text(n, "feature_date") == null ? null
          : LocalDate.parse(text(n, "feature_date")), nightly, text(n, "blocked"));
    } catch (JsonProcessingException e) {
      throw ServingErrors.wrap("a stored lead is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Object plain(JsonNode v) {
    if (v.isNumber()) {
      return v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble();
    }
    return v.isBoolean() ? v.asBoolean() : v.asText();
  }
}
