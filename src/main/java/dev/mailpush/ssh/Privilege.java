package dev.mailpush.ssh;

/** How one command gains the rights it asked for. */
enum Privilege {
  /** As the SSH user (a non-root request, or {@code become = "none"} where the user is root). */
  AS_USER,
  /** Through {@code sudo} without a password (NOPASSWD). */
  SUDO_NOPASSWD,
  /** Through {@code sudo} reading its password from stdin. */
  SUDO_PASSWORD
}
