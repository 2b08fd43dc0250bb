package io.leadscore.models.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadscore.models.ModelsErrors;
import java.io.IOException;
import java.util.List;

/**
 * {@code registry.json}, read and replaced whole (the caller holds the lock). It is created empty only in a
 * registry folder without version folders: missing or unreadable beside them, it is an error, never an
 * empty registry (that would reuse version numbers and forget the champion).
 */
final class RegistryFile {
  static final String FILE = "registry.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String dir;
  private final RegistryFiles files;
  /** Runs after the new registry content is ready and before it replaces the old one (tests inject crashes). */
  private final Runnable beforeReplace;

  RegistryFile(String dir, RegistryFiles files, Runnable beforeReplace) {
    this.dir = dir;
    this.files = files;
    this.beforeReplace = beforeReplace;
  }

  RegistryState readOrCreate() {
    try {
      if (!files.exists(FILE) && versionFolders().isEmpty()) {
        write(RegistryState.empty());
      }
    } catch (IOException e) {
      throw ModelsErrors.cannot("read the model registry " + dir + "/" + FILE, e);
    }
    return read();
  }

  private List<String> versionFolders() throws IOException {
    return files.list().stream().filter(n -> n.matches("v[0-9]+")).toList();
  }

  RegistryState read() {
    String file = dir + "/" + FILE;
    try {
      if (!files.exists(FILE)) {
        List<String> folders = versionFolders();
        if (!folders.isEmpty()) {
          throw ModelsErrors.of("The model registry %s is missing, but version folders %s exist beside it: "
              + "the registry was deleted or lost, and reading it as empty would reuse version numbers and forget "
              + "the champion. Restore %s from a backup (each v<N>/card.json holds that version's card)", file,
              folders, FILE);
        }
        return RegistryState.empty();
      }
      return JSON.readValue(files.read(FILE), RegistryState.class);
    } catch (IOException e) {
      throw ModelsErrors.wrap("The model registry " + file + " is unreadable (" + e.getMessage() + "); it is "
          + "never treated as empty: restore it from a backup (each v<N>/card.json holds that version's card)", e);
    }
  }

  void write(RegistryState s) {
    try {
      byte[] content = JSON.writeValueAsBytes(s);
      beforeReplace.run();
      files.replace(FILE, content);
    } catch (IOException e) {
      throw ModelsErrors.cannot("write the model registry " + dir + "/" + FILE, e);
    }
  }
}
