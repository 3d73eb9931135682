package io.fileconsul.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.fileconsul.app.Snapshot;
import io.fileconsul.core.PathText;
import io.fileconsul.sync.Action;
import io.fileconsul.sync.Change;
import io.fileconsul.sync.PathOrder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a plan as git-style status, stable porcelain, or JSON. */
final class StatusView {
  private StatusView() {}

  static void human(PrintWriter out, Snapshot snap, String where) {
    out.println("On " + where);
    List<Change> push = snap.plan().with(Action.PUSH);
    List<Change> pull = snap.plan().with(Action.PULL);
    List<Change> conflicts = new ArrayList<>(snap.plan().with(Action.CONFLICT));
    conflicts.addAll(snap.plan().with(Action.COLLISION));
    conflicts.sort(java.util.Comparator.comparing(Change::path, PathOrder.BYTES));
    if (push.isEmpty() && pull.isEmpty() && conflicts.isEmpty()) {
      out.println("Everything up to date: the share directory and the prefix are in sync.");
      notManaged(out, snap);
      return;
    }
    section(out, "Changes to be pushed:", "(use \"fileconsul push\" to upload them)", push, true);
    section(
        out, "Changes to be pulled:", "(use \"fileconsul pull\" to download them)", pull, false);
    if (!conflicts.isEmpty()) {
      out.println("Conflicts (changed on both sides):");
      out.println(
          "  (use \"fileconsul diff <path>\" to compare; then \"fileconsul push --force <path>\""
              + " keeps the local file, \"fileconsul pull --force <path>\" keeps the remote one"
              + (snap.plan().with(Action.COLLISION).isEmpty()
                  ? ")"
                  : "; a file/directory clash needs one of its keys deleted in Consul)"));
      conflicts.forEach(c -> out.println(Labels.line(Labels.conflict(c), c.path())));
      out.println();
    }
    notManaged(out, snap);
  }

  private static void notManaged(PrintWriter out, Snapshot snap) {
    if (!snap.notManaged().isEmpty()) {
      out.println(
          "Not managed (held by a Consul session or lock; never pulled, pushed or deleted):");
      snap.notManaged().forEach(p -> out.println("\t" + PathText.quote(p)));
    }
  }

  private static void section(
      PrintWriter out, String title, String hint, List<Change> changes, boolean local) {
    if (changes.isEmpty()) {
      return;
    }
    out.println(title);
    out.println("  " + hint);
    changes.forEach(
        c -> out.println(Labels.line(Labels.side(local ? c.local() : c.remote()), c.path())));
    out.println();
  }

  static void porcelain(PrintWriter out, Snapshot snap) {
    snap.plan().differences().forEach(c -> out.println(c.code() + " " + PathText.quote(c.path())));
  }

  static void json(PrintWriter out, Snapshot snap, String address, String prefix, String basepath) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("address", address);
    doc.put("prefix", prefix);
    doc.put("basepath", basepath);
    doc.put("inSync", snap.plan().inSync());
    List<Map<String, String>> changes = new ArrayList<>();
    for (Change c : snap.plan().differences()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("path", c.path());
      m.put("local", String.valueOf(c.local().letter()));
      m.put("remote", String.valueOf(c.remote().letter()));
      m.put("action", c.action().name().toLowerCase(Locale.ROOT));
      changes.add(m);
    }
    doc.put("changes", changes);
    doc.put("notManaged", snap.notManaged());
    Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    out.println(gson.toJson(doc));
  }
}
