package io.leadscore.serving;

import io.leadscore.serving.errors.ServingErrors;
import static io.leadscore.core.Columns.LEAD_ID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON: request parsing (with 400s that say what is wrong) and answers. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static List<ScoreService.LeadRequest> leads(byte[] body, int maxLeads) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw ServingErrors.badRequest("the body is not JSON: %s", e.getMessage().split("\n")[0]);
    }
    JsonNode leads = root == null ? null : root.get("leads");
    if (leads == null || !leads.isArray()) {
      throw ServingErrors.badRequest("the body must be {\"leads\": [{\"lead_id\": ...} or {\"fields\": {...}}, ...]}");
    }
    if (leads.size() < 1 || leads.size() > maxLeads) {
      throw ServingErrors.badRequest("'leads' has %d entries; send 1 to %d (leadscore.serving.max_leads)",
          leads.size(), maxLeads);
    }
    List<ScoreService.LeadRequest> out = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      JsonNode l = leads.get(i);
      if (!l.isObject()) {
        throw ServingErrors.badRequest("leads[%d] is not an object", i);
      }
      JsonNode id = l.get(LEAD_ID);
      if (id != null && !id.isNull() && (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 200)) {
        throw ServingErrors.badRequest("leads[%d].lead_id must be a non-empty string of at most 200 characters", i);
      }
      JsonNode f = l.get("fields");
      Map<String, Object> fields = null;
      if (f != null && !f.isNull()) {
        if (!f.isObject()) {
          throw ServingErrors.badRequest("leads[%d].fields must be an object of field names to values", i);
        }
        fields = new LinkedHashMap<>();
        for (var it = f.fields(); it.hasNext(); ) {
          var e = it.next();
          JsonNode v = e.getValue();
          if (v.isContainerNode()) {
            throw ServingErrors.badField(i, e.getKey(), "type", "a single value, not an object or list");
          }
          fields.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.numberValue() : v.asText());
        }
      }
      for (var it = l.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals(LEAD_ID) && !name.equals("fields") && !name.equals("as_of")) {
          throw ServingErrors.badRequest("leads[%d] has '%s'; an entry holds lead_id and/or fields, and as_of",
              i, name);
        }
      }
      out.add(new ScoreService.LeadRequest(id == null || id.isNull() ? null : id.asText(), fields,
          asOf(i, l.get("as_of"))));
    }
    return out;
  }

  /** A lead's {@code as_of}: a date (its midnight UTC: that night) or an ISO instant; null when absent. */
  static java.time.Instant asOf(int i, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String t = v.asText();
    try {
      return t.length() == 10 ? java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : java.time.OffsetDateTime.parse(t).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ServingErrors.badRequest("leads[%d].as_of is '%s'; give a date (2026-11-24: that night) or an instant "
          + "with its offset (2026-11-24T09:30:00Z)", i, t);
    }
  }

  static ObjectNode answer(ScoreAnswer a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(LEAD_ID, a.leadId());
    n.put("probability", a.score().probability());
    n.put("score", a.score().score());
    n.put("tier", a.score().tier());
    ArrayNode reasons = n.putArray("reasons");
    a.score().reasons().forEach(reasons::add);
    n.put("next_best_action", a.score().action());
    ObjectNode m = n.putObject("model");
    m.put("name", a.score().model().name());
    m.put("version", a.score().model().version());
    m.put("arm", a.score().model().arm());
    n.put("feature_date", a.featureDate() == null ? null : a.featureDate().toString());
    n.put("source", a.source());
    n.put("latency_ms", a.latencyMs());
    return n;
  }

  static byte[] scores(List<ScoreAnswer> answers) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode scores = root.putArray("scores");
    answers.forEach(a -> scores.add(answer(a)));
    return bytes(root);
  }

  static byte[] error(int status, String message) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("status", status);
    n.put("error", message);
    return bytes(n);
  }

  static byte[] bytes(JsonNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      // guard: a tree of JsonNodes always serialises (no POJO, no custom serialiser)
      throw new IllegalStateException(e);
    }
  }
}
