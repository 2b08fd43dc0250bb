package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The independent record count: quote-aware, line breaks of every kind, blank lines, open quotes. */
class RecordCounterTest {
  static RecordCounter.Counts csv(String text, boolean multiline) throws IOException {
    return RecordCounter.csv(new StringReader(text), ',', multiline, 3);
  }

  @Test
  void countsRecordsNotLinesWhenQuotedFieldsSpanLines() throws IOException {
    String text = "a,b\n1,\"x\ny\"\r\n2,\"he said \"\"hi\"\"\"\n\n3,z";
    RecordCounter.Counts multi = csv(text, true);
    assertEquals(4, multi.records(), "header + 3 records; the blank line is none");
    assertEquals(3, multi.dataRecords(true));
    assertEquals(List.of("a", "b"), multi.fields());
    RecordCounter.Counts single = csv(text, false);
    assertEquals(5, single.records(), "one record per line: the quoted line break splits record 1");
    assertEquals(List.of(new RecordCounter.Span(2, 1), new RecordCounter.Span(3, 1)), single.openQuote(),
        "both halves of the split record have an odd number of quotes");
  }

  @Test
  void anUnclosedQuoteIsOneRecordPerLineOrAnOverlongRecord() throws IOException {
    StringBuilder b = new StringBuilder("id,name\n");
    for (int i = 1; i <= 100; i++) {
      b.append(i).append(i == 9 ? ",\"open" : ",ok").append('\n');
    }
    RecordCounter.Counts single = csv(b.toString(), false);
    assertEquals(100, single.dataRecords(true));
    assertEquals(List.of(new RecordCounter.Span(10, 1)), single.openQuote());
    RecordCounter.Counts multi = csv(b.toString(), true);
    assertEquals(9, multi.dataRecords(true), "what a multi-line parser sees: the quote swallows the rest");
    assertEquals(1, multi.overlongCount());
    assertEquals(new RecordCounter.Span(10, 92), multi.overlong().get(0));
  }

  @Test
  void jsonLinesCountEveryLineWhateverItsBreak() throws IOException {
    byte[] text = "{\"a\":1}\r\n{\"a\":2}\n\n{\"a\":3}\r{\"a\":4}".getBytes(StandardCharsets.UTF_8);
    assertEquals(5, RecordCounter.jsonLines(new ByteArrayInputStream(text)).records());
    assertEquals(0, RecordCounter.jsonLines(new ByteArrayInputStream(new byte[0])).records());
  }

  @Test
  void encodingComesFromTheByteOrderMarkOrAMismatchIsNamed() {
    byte[] utf16 = "id,name\n1,x\n".getBytes(StandardCharsets.UTF_16LE);
    Encodings.Sniff noBom = Encodings.sniff(utf16, utf16.length, "UTF-8");
    assertNotNull(noBom.mismatch());
    assertTrue(noBom.mismatch().contains("UTF-16LE"), noBom.mismatch());
    byte[] bom = new byte[utf16.length + 2];
    bom[0] = (byte) 0xFF;
    bom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, bom, 2, utf16.length);
    Encodings.Sniff withBom = Encodings.sniff(bom, bom.length, "UTF-8");
    assertNull(withBom.mismatch());
    assertEquals(StandardCharsets.UTF_16LE, withBom.charset());
    assertEquals(2, withBom.bomLength());
    byte[] latin1 = "id,name\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertNull(Encodings.sniff(latin1, latin1.length, "UTF-8").mismatch(), "stray bytes are a row's problem");
    byte[] utf8 = "id,name,city\n1,x,Berlin\n2,y,Paris\n".getBytes(StandardCharsets.UTF_8);
    assertTrue(Encodings.sniff(utf8, utf8.length, "UTF-16LE").mismatch().contains("looks like UTF-8"));
  }

  @Test
  void textThatMayNotHaveDecodedIsFlaggedSoTheEncodingChecksRun() throws IOException {
    assertFalse(csv("a,b\n1,café\n", false).mayBeUndecodable(), "valid text: the per-value checks can be skipped");
    assertTrue(csv("a,b\n1,caf\uFFFD\n", false).mayBeUndecodable(), "a replacement character: a byte did not decode");
    byte[] latin1 = "a,b\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(RecordCounter.csv(new java.io.InputStreamReader(new ByteArrayInputStream(latin1),
        StandardCharsets.UTF_8), ',', false, 3).mayBeUndecodable(), "Latin-1 bytes read as UTF-8");
    assertFalse(RecordCounter.jsonLines(new ByteArrayInputStream("{\"a\":1}\n{\"a\":2}\n"
        .getBytes(StandardCharsets.US_ASCII))).mayBeUndecodable(), "ASCII only");
    assertTrue(RecordCounter.jsonLines(new ByteArrayInputStream("{\"a\":\"caf\u00e9\"}\n"
        .getBytes(StandardCharsets.UTF_8))).mayBeUndecodable(), "beyond ASCII: Spark's own decoding decides");
  }

  private static RecordCounter.Counts json(String text) throws IOException {
    return RecordCounter.jsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void textThatMayHoldAControlCharacterIsFlaggedSoTheControlRuleRuns() throws IOException {
    assertFalse(csv("a,b\r\n1,x\ty\n", false).mayHoldControl(), "tab and line breaks are not controls");
    assertTrue(csv("a,b\n1,bell\u0007here\n", false).mayHoldControl(), "a bell in a CSV value");
    assertTrue(csv("a,b\n1,\u001Fx\n", false).mayHoldControl(), "the last control");
    assertFalse(json("{\"a\":\"x\ty\"}\n{\"a\":\"caf\\u00e9\"}\n").mayHoldControl(),
        "an escape of a letter, and a raw tab");
    assertTrue(json("{\"a\":\"x\u0001\"}\n").mayHoldControl(), "a raw control byte");
    assertTrue(json("{\"a\":\"bell\\u0007\"}\n").mayHoldControl(), "an escape that decodes to a bell");
    assertTrue(json("{\"a\":\"\\u001b[31m\"}\n").mayHoldControl(), "an escape that decodes to ESC");
    StringBuilder across = new StringBuilder("{\"a\":\"");
    across.append("x".repeat((1 << 16) - across.length() - 3)).append("\\u0007\"}\n");
    assertTrue(json(across.toString()).mayHoldControl(), "an escape split across two reads of the buffer");
  }

  @Test
  void jsonLinesFieldsAreEveryTopLevelKeyOfEveryCompleteLine() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      b.append("{\"id\":").append(i).append(",\"nested\":{\"inner\":[{\"deep\":1}]},\"s\":\"a,\\\"b\\\":c\"}\n");
    }
    b.append("{\"id\":1,\"late\":\"x\",\"esc\\u0061ped\":2}\n");
    b.append("{\"broken\":\n");
    b.append("[{\"in_array\":1}]\n");
    RecordCounter.Counts c = RecordCounter.jsonLines(new ByteArrayInputStream(b.toString()
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(20_003, c.records());
    assertEquals(List.of("id", "nested", "s", "late", "escaped"), c.fields(),
        "nested keys, keys inside strings, an unfinished line and an array are no top-level keys");
  }

  @Test
  void jsonLinesWithThousandsOfKeysAreNoSchema() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= JsonKeys.MAX_KEYS; i++) {
      b.append("{\"k").append(i).append("\":1}\n");
    }
    var e = assertThrows(IngestException.FileFailure.class, () -> RecordCounter.jsonLines(
        new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("more than 1000 distinct top-level keys"), e.getMessage());
  }
}

