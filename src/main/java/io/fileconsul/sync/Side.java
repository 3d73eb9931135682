package io.fileconsul.sync;

/** What happened to a path on one side since the last sync; the letters of porcelain "XY". */
public enum Side {
  ADDED('A'),
  MODIFIED('M'),
  DELETED('D'),
  UNCHANGED('.');

  private final char letter;

  Side(char letter) {
    this.letter = letter;
  }

  public char letter() {
    return letter;
  }
}
