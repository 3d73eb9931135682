/**
 * The share directory on disk: the scan ({@code LocalScanner}), atomic writes ({@code
 * AtomicWriter}), every step through no-follow directory handles ({@code DirHandles}), modes,
 * stamps, ignore files and the {@code .fileconsul/} state directory. Nothing here follows a symlink
 * or writes outside basepath. Imports {@code core} and {@code sync} (for its value types); never
 * {@code app} or {@code cli}.
 */
package io.fileconsul.fs;
