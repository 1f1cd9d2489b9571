package dev.mailpush.distro;

/** Distribution families mailpush knows how to manage. */
public enum Family {
  DEBIAN,
  RHEL
}
