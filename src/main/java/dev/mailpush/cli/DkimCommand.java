package dev.mailpush.cli;

import picocli.CommandLine.Command;

/** {@code mailpush dkim}: the group of commands about the hosts' DKIM keys. */
@Command(
    name = "dkim",
    mixinStandardHelpOptions = true,
    description =
        "Rotate the hosts' DKIM keys without a moment of mail signed by an unpublished key.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush dkim rotate inventory.toml --check",
      "  mailpush dkim rotate inventory.toml"
    },
    subcommands = {DkimRotateCommand.class})
final class DkimCommand {}
