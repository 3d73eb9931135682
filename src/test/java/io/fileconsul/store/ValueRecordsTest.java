package io.fileconsul.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** KvValue and TxnOp hold a byte[]: they compare its content, and never print it. */
class ValueRecordsTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void kvValuesWithTheSameContentAreEqualAndPrintNoBytes() {
    KvValue a = new KvValue("fc/a.txt", bytes("s3cr3t"), 7, 42);
    KvValue same = new KvValue("fc/a.txt", bytes("s3cr3t"), 7, 42);

    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(a, new KvValue("fc/a.txt", bytes("other!"), 7, 42));
    assertNotEquals(a, new KvValue("fc/a.txt", bytes("s3cr3t"), 7, 43));
    assertNotEquals(a, new KvValue("fc/b.txt", bytes("s3cr3t"), 7, 42));
    assertEquals("KvValue[key=fc/a.txt, value=6 bytes, flags=7, modifyIndex=42]", a.toString());
    assertFalse(a.toString().contains("s3cr3t"));
  }

  @Test
  void txnOpsWithTheSameContentAreEqualAndPrintNoBytes() {
    TxnOp write = TxnOp.write("fc/a.txt", bytes("s3cr3t"), 7, 42);

    assertEquals(write, TxnOp.write("fc/a.txt", bytes("s3cr3t"), 7, 42));
    assertEquals(write.hashCode(), TxnOp.write("fc/a.txt", bytes("s3cr3t"), 7, 42).hashCode());
    assertNotEquals(write, TxnOp.write("fc/a.txt", bytes("other!"), 7, 42));
    assertNotEquals(write, TxnOp.write("fc/a.txt", bytes("s3cr3t"), 7, 41));
    assertEquals(TxnOp.delete("fc/a.txt", 42), TxnOp.delete("fc/a.txt", 42));
    assertNotEquals(TxnOp.delete("fc/a.txt", 42), TxnOp.delete("fc/b.txt", 42));
    assertEquals("TxnOp[CAS key=fc/a.txt, value=6 bytes, flags=7, index=42]", write.toString());
    assertEquals(
        "TxnOp[DELETE_CAS key=fc/a.txt, flags=0, index=42]",
        TxnOp.delete("fc/a.txt", 42).toString());
  }
}
