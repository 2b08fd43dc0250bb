package io.leadscore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void aUrlKeepsSchemeHostPortAndPathAndLosesUserInfoQueryAndProperties() {
    assertEquals("https://***@crm.example.com:8443/api/leads?***",
        Redact.url("https://alice:s3cret@crm.example.com:8443/api/leads?token=t0k3n&x=1"));
    assertEquals("https://crm.example.com/api#***", Redact.url("https://crm.example.com/api#access_token=t0k3n"));
    assertEquals("jdbc:postgresql://db:5432/crm?***", Redact.url("jdbc:postgresql://db:5432/crm?password=pw&user=u"));
    assertEquals("jdbc:sqlserver://db:1433;***", Redact.url("jdbc:sqlserver://db:1433;user=u;password=pw"));
    assertEquals("jdbc:mysql://***@db/crm", Redact.url("jdbc:mysql://u:p@ss@db/crm"));
    // not URLs at all (what a parse error is about): still redacted
    assertEquals("crm.example.com/leads?***", Redact.url("crm.example.com/leads?token=t0k3n"));
    assertEquals("***@crm.example.com/leads", Redact.url("u:pw@crm.example.com/leads"));
    assertEquals("http://127.0.0.1:1", Redact.url("http://127.0.0.1:1"));
  }

  @Test
  void aWebhookShowsOnlyWhereItGoes() {
    assertEquals("https://hooks.slack.com/***", Redact.webhook("https://hooks.slack.com/services/T0/B0/xoxsecret"));
    assertEquals("https://***@hooks.example:8443/***", Redact.webhook("https://u:p@hooks.example:8443/h?k=v"));
    assertEquals("https://hooks.example", Redact.webhook("https://hooks.example"));
    assertEquals("hooks.slack.com/***", Redact.webhook("hooks.slack.com/services/T0/B0/xoxsecret"));
  }

  @Test
  void secretValuesAreMaskedWherever() {
    String s = Redact.secrets("FATAL: password authentication failed for pw-123 (pw-123)", List.of("pw-123", ""));
    assertFalse(s.contains("pw-123"), s);
    assertEquals("FATAL: password authentication failed for *** (***)", s);
  }
}
