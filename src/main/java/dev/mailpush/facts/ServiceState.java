package dev.mailpush.facts;

/**
 * A systemd unit as {@code systemctl is-active} and {@code is-enabled} report it.
 *
 * @param active e.g. {@code active}, {@code inactive}, {@code failed}
 * @param enabled e.g. {@code enabled}, {@code disabled}, {@code static}, or empty when the unit
 *     does not exist
 */
public record ServiceState(String active, String enabled) {
  public boolean running() {
    return active.equals("active") || active.equals("reloading") || active.equals("activating");
  }

  public boolean isEnabled() {
    return enabled.equals("enabled")
        || enabled.equals("static")
        || enabled.equals("alias")
        || enabled.equals("indirect")
        || enabled.equals("generated");
  }

  public boolean exists() {
    return !enabled.isEmpty() && !enabled.equals("not-found");
  }
}
