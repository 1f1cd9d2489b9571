package dev.mailpush.facts;

/** A local account. The password hash itself never leaves the host: only its SHA-256 does. */
public sealed interface UserState {
  record Present(int uid, String home, String shell, String passwordHashSha256)
      implements UserState {}

  record Absent() implements UserState {}
}
