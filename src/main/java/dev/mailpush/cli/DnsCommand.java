package dev.mailpush.cli;

import picocli.CommandLine.Command;

/**
 * {@code mailpush dns}: the group of DNS commands that change the zones (dns-report only reads).
 */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description = "Publish the mail domains' DNS records on your name server (RFC 2136 with TSIG).",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush dns apply inventory.toml --check", "  mailpush dns apply inventory.toml"},
    subcommands = {DnsApplyCommand.class})
final class DnsCommand {}
