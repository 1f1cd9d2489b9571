package dev.mailpush.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses {@link RemoteScripts#READ_FILES} output: per file, a length line then that many bytes. */
final class FileDump {
  private FileDump() {}

  static Map<String, byte[]> parse(byte[] out, List<String> paths) {
    Map<String, byte[]> files = new HashMap<>();
    int pos = 0;
    for (String path : paths) {
      int nl = indexOf(out, (byte) '\n', pos);
      if (nl < 0) {
        break;
      }
      long length =
          Long.parseLong(new String(out, pos, nl - pos, StandardCharsets.US_ASCII).strip());
      pos = nl + 1;
      if (length >= 0) {
        int end = (int) Math.min(out.length, pos + length);
        files.put(path, Arrays.copyOfRange(out, pos, end));
        pos = end;
      }
    }
    return files;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
