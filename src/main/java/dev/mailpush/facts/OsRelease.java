package dev.mailpush.facts;

import java.util.List;

/** The fields of {@code /etc/os-release} that decide how a host is managed. */
public record OsRelease(String id, String versionId, List<String> idLike, String prettyName) {
  public OsRelease {
    idLike = List.copyOf(idLike);
  }
}
