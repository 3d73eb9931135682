package io.fileconsul.consul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.stream.MalformedJsonException;
import io.fileconsul.store.KvEntry;
import io.fileconsul.store.Listing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-level parser reads what gson read, and rejects what gson rejected. */
class JsonBytesTest {
  @Test
  void escapesAndNonAsciiDecodeToTheirUtf8() throws IOException {
    JsonBytes json = json("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00 \u00fcber\"");
    assertEquals("a\"b\\c/d\n\t\u00e9\ud83d\ude00 \u00fcber", json.nextString());
  }

  @Test
  void aLoneSurrogateEscapeBecomesTheReplacementCharacterAsGoReadsIt() throws IOException {
    assertEquals("x\uFFFDy", json("\"x\\ud83dy\"").nextString());
  }

  /** A value spans many 64 KiB reads; the stream here hands out a few bytes at a time. */
  @Test
  void aStringLongerThanTheBufferArrivesWhole() throws IOException {
    byte[] value = new byte[300 * 1024];
    new Random(7).nextBytes(value);
    String b64 = Base64.getEncoder().encodeToString(value);
    JsonBytes json =
        new JsonBytes(trickle(("[\"" + b64 + "\",\"after\"]").getBytes(StandardCharsets.US_ASCII)));
    json.expect('[');
    assertArrayEquals(value, Base64.getDecoder().decode(json.nextStringBytes()));
    assertTrue(json.more(']'));
    assertEquals("after", json.nextString());
    assertFalse(json.more(']'));
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkipped() throws IOException {
    String doc =
        "[{\"Odd\":{\"a\":[1,2.5e3,-4,{\"b\":null}],\"c\":true},\"Key\":\"fc/x\","
            + "\"More\":[],\"Empty\":{},\"F\":false,\"Value\":\"eA==\",\"ModifyIndex\":7}]";
    Listing l = ListingReader.read(stream(doc), "fc", 9);
    assertEquals(
        List.of(
            new KvEntry(
                "fc/x", 0, 7, org.apache.commons.codec.digest.DigestUtils.sha256Hex("x"), 1)),
        l.entries());
  }

  @Test
  void anEmptyListingAndNullAreEmpty() throws IOException {
    assertEquals(List.of(), ListingReader.read(stream(" [ ] "), "fc", 1).entries());
    assertEquals(List.of(), ListingReader.read(stream("null"), "fc", 1).entries());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[",
        "[{",
        "[{\"Key\"",
        "[{\"Key\":\"fc/a",
        "[{\"Key\":\"fc/a\"",
        "<html>",
        "[1]",
        "[{\"Key\":\"fc/a\" \"Flags\":0}]",
        "[{\"Key\":\"a\\q\"}]",
        "[{\"Key\":\"a\\u12\"}]",
        "[{\"Key\":\"a\nb\"}]",
        "[{\"Key\":\"fc/a\",\"Flags\":nul}]"
      })
  void whatIsNotJsonIsASyntaxError(String doc) {
    assertThrows(MalformedJsonException.class, () -> ListingReader.read(stream(doc), "fc", 1));
  }

  @Test
  void nestingDeeperThan64IsRejectedRatherThanOverflowingTheStack() {
    String doc = "[{\"Key\":\"fc/a\",\"X\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}]";
    assertThrows(MalformedJsonException.class, () -> ListingReader.read(stream(doc), "fc", 1));
  }

  @Test
  void aNegativeOrFractionalIndexIsRejected() {
    assertThrows(
        NumberFormatException.class,
        () -> ListingReader.read(stream("[{\"Key\":\"fc/a\",\"ModifyIndex\":-1}]"), "fc", 1));
    assertThrows(
        NumberFormatException.class,
        () -> ListingReader.read(stream("[{\"Key\":\"fc/a\",\"Flags\":1.5}]"), "fc", 1));
  }

  private static JsonBytes json(String s) {
    return new JsonBytes(stream(s));
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads at most 7 bytes a call, as a slow socket does. */
  private static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }
}
