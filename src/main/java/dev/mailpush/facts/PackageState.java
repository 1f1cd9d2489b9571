package dev.mailpush.facts;

/** Whether a package is installed; a package the host has never heard of is simply absent. */
public sealed interface PackageState {
  record Installed(String version) implements PackageState {}

  record Absent() implements PackageState {}
}
