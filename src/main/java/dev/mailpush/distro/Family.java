package dev.mailpush.distro;

/** Distribution families mailpush knows how to manage. */
enum Family {
  DEBIAN,
  RHEL
}
