package io.fileconsul.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fileconsul.store.TxnOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdModesTest {
  private static final long EXEC = 0x4643_0000L | 0755;
  private static final long PLAIN = 0x4643_0000L | 0644;

  @Test
  void theDocumentListsOnlyNon0644ModesOneEntryPerLineSorted() {
    byte[] doc = EtcdModes.format(Map.of("z/run.sh", 0755, "a \"q\".sh", 0700));
    assertEquals(
        "{\n  \"a \\\"q\\\".sh\": \"0700\",\n  \"z/run.sh\": \"0755\"\n}\n",
        new String(doc, StandardCharsets.UTF_8));
    assertEquals(Map.of("z/run.sh", 0755, "a \"q\".sh", 0700), EtcdModes.parse(doc));
    assertEquals("{}\n", new String(EtcdModes.format(Map.of()), StandardCharsets.UTF_8));
  }

  @Test
  void whatDoesNotParseIsLeftOutSoThatFileIs0644() {
    assertEquals(Map.of(), EtcdModes.parse("not json".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Map.of(), EtcdModes.parse("[1,2]".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        Map.of("ok", 0750),
        EtcdModes.parse(
            "{\"ok\":\"0750\",\"bad\":\"0999\",\"obj\":{},\"long\":\"07777\"}"
                .getBytes(StandardCharsets.UTF_8)));
    assertEquals(Map.of(), EtcdModes.parse(null));
  }

  @Test
  void writesSetOrDropTheirEntryAndDeletesDropIt() {
    Map<String, Integer> before = Map.of("a.sh", 0755, "b.sh", 0755, "c.sh", 0755);
    Map<String, Integer> after =
        EtcdModes.after(
            before,
            "p/q",
            List.of(
                TxnOp.write("p/q/a.sh", new byte[0], PLAIN, 3),
                TxnOp.delete("p/q/b.sh", 4),
                TxnOp.write("p/q/new.sh", new byte[0], EXEC, 0)));
    assertEquals(Map.of("c.sh", 0755, "new.sh", 0755), after);
  }

  @Test
  void flagsCarryTheModeAsConsulsDoAndUnmarkedFlagsAre0644() {
    assertEquals(EXEC, EtcdModes.flags(0755));
    assertEquals(0755, EtcdModes.mode(EXEC));
    assertEquals(0644, EtcdModes.mode(0755));
    assertEquals(0644, EtcdModes.mode(0));
  }
}
