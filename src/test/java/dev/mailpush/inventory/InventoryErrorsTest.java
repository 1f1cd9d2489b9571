package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HASH;
import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each snippet has exactly one problem: its position, what it says, and the fix its hint names. */
class InventoryErrorsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "unknownKeys",
    "wrongTypes",
    "ssh",
    "tls",
    "mail",
    "users",
    "vars",
    "hosts",
    "tomlSyntax"
  })
  void reportsTheProblemWhereItIs(
      String name, String toml, int line, int column, String message, String hint) {
    List<Problem> problems = Fixture.problems(dir, toml);

    assertThat(problems).as("problems of %s", name).hasSize(1);
    Problem problem = problems.get(0);
    assertThat(problem.line()).as("line").isEqualTo(line);
    assertThat(problem.column()).as("column").isEqualTo(column);
    assertThat(problem.message()).contains(message);
    assertThat(problem.hint()).contains(hint);
    assertThat(problem.render())
        .startsWith(dir.resolve("inventory.toml") + ":" + line + ":" + column + ": ");
  }

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        arguments(
            "misspelt section",
            """
            [sssh]
            user = "root"
            """
                + HOST,
            1,
            1,
            "unknown key \"sssh\" at top level; did you mean \"ssh\"?",
            "allowed keys at top level"),
        arguments(
            "misspelt mail key",
            """
            [mail]
            enable_antispan = true
            """
                + HOST,
            2,
            1,
            "unknown key \"enable_antispan\" in [mail]; did you mean \"enable_antispam\"?",
            "enable_antispam"),
        arguments(
            "misspelt ssh key",
            """
            [ssh]
            identityfile = "k"
            """
                + HOST,
            2,
            1,
            "did you mean \"identity_file\"?",
            "allowed keys in [ssh]"),
        arguments(
            "misspelt tls key",
            """
            [tls]
            acme_mail = "a@example.com"
            """
                + HOST,
            2,
            1,
            "did you mean \"acme_email\"?",
            "acme_email"),
        arguments(
            "misspelt host ssh key",
            HOST
                + """
            [hosts.mx1.ssh]
            prot = 22
            """,
            5,
            1,
            "unknown key \"prot\" in [hosts.mx1.ssh]; did you mean \"port\"?",
            "port"),
        arguments(
            "far-off key gets no suggestion",
            """
            [mail]
            colour = "blue"
            """
                + HOST,
            2,
            1,
            "unknown key \"colour\" in [mail]",
            "allowed keys in [mail]"),
        arguments(
            "ssh key directly in a host",
            HOST
                + """
            port = 2222
            """,
            4,
            1,
            "unknown key \"port\" in [hosts.mx1]",
            "move port under [hosts.mx1.ssh]"),
        arguments(
            "mail key directly in a host",
            HOST
                + """
            enable_greylisting = true
            """,
            4,
            1,
            "unknown key \"enable_greylisting\" in [hosts.mx1]",
            "[hosts.mx1.mail]"),
        arguments(
            "section key at top level",
            """
            port = 22
            """
                + HOST,
            1,
            1,
            "unknown key \"port\" at top level",
            "belongs in [ssh]"),
        arguments(
            "unknown mail subtable",
            """
            [mail.userz.bob]
            password_hash = "x"
            """
                + HOST,
            1,
            1,
            "unknown key \"userz\" in [mail]; did you mean \"users\"?",
            "users"));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        arguments(
            "quoted port",
            """
            [ssh]
            port = "22"
            """
                + HOST,
            2,
            1,
            "wrong type for port in [ssh]: expected an integer, found a string",
            "without quotes"),
        arguments(
            "quoted boolean",
            """
            [mail]
            enable_antispam = "yes"
            """
                + HOST,
            2,
            1,
            "expected a boolean, found a string",
            "enable_antispam = true"),
        arguments(
            "float for integer",
            """
            [tls]
            renew_days = 2.5
            """
                + HOST,
            2,
            1,
            "expected an integer, found a float",
            "whole number from 1 to 89"),
        arguments(
            "string for list",
            """
            [mail]
            virtual_domains = "example.com"
            """
                + HOST,
            2,
            1,
            "expected an array of strings, found a string",
            "virtual_domains = [\""),
        arguments(
            "number in list",
            """
            [mail]
            virtual_domains = ["example.com", 42]
            """
                + HOST,
            2,
            35,
            "wrong type for virtual_domains in [mail]: expected a string, found an integer",
            "double quotes"),
        arguments(
            "section as a value",
            """
            ssh = "root"
            """
                + HOST,
            1,
            1,
            "wrong type for ssh at top level: expected a table, found a string",
            "[ssh]"),
        arguments(
            "host subtable as a value",
            HOST
                + """
            tls = "acme"
            """,
            4,
            1,
            "wrong type for tls in [hosts.mx1]: expected a table",
            "[hosts.mx1.tls]"),
        arguments(
            "array for a variable",
            """
            [vars]
            list = [1, 2]
            """
                + HOST,
            2,
            1,
            "expected a string, integer or boolean, found an array",
            "list = \""));
  }

  static Stream<Arguments> ssh() {
    return Stream.of(
        arguments(
            "port zero",
            "[ssh]\nport = 0\n" + HOST,
            2,
            1,
            "invalid port in [ssh]: 0 is out of range",
            "1 to 65535"),
        arguments(
            "port too big",
            HOST + "[hosts.mx1.ssh]\nport = 70000\n",
            5,
            1,
            "70000 is out of range",
            "1 to 65535"),
        arguments(
            "connect_timeout too long",
            "[ssh]\nconnect_timeout = 301\n" + HOST,
            2,
            1,
            "301 is out of range",
            "1 to 300"),
        arguments(
            "keepalive_interval zero",
            "[ssh]\nkeepalive_interval = 0\n" + HOST,
            2,
            1,
            "invalid keepalive_interval in [ssh]: 0 is out of range",
            "1 to 300"),
        arguments(
            "keepalive_interval as text",
            HOST + "[hosts.mx1.ssh]\nkeepalive_interval = \"15s\"\n",
            5,
            1,
            "wrong type for keepalive_interval in [hosts.mx1.ssh]: expected an integer, found a string",
            "without quotes"),
        arguments(
            "keepalive_count zero",
            "[ssh]\nkeepalive_count = 0\n" + HOST,
            2,
            1,
            "invalid keepalive_count in [ssh]: 0 is out of range",
            "1 to 100"),
        arguments(
            "keepalive misspelt",
            "[ssh]\nkeepalive = 5\n" + HOST,
            2,
            1,
            "unknown key \"keepalive\" in [ssh]",
            "keepalive_interval"),
        arguments(
            "host_key_policy accept-all",
            "[ssh]\nhost_key_policy = \"accept-all\"\n" + HOST,
            2,
            1,
            "\"accept-all\" is not one of strict | accept-new",
            "never accepts host keys unchecked"),
        arguments(
            "host_key_policy none",
            "[ssh]\nhost_key_policy = \"none\"\n" + HOST,
            2,
            1,
            "\"none\" is not one of strict | accept-new",
            "accept-new"),
        arguments(
            "host_key_policy typo",
            "[ssh]\nhost_key_policy = \"stict\"\n" + HOST,
            2,
            1,
            "did you mean \"strict\"?",
            "never accepts"),
        arguments(
            "become unknown",
            "[ssh]\nbecome = \"su\"\n" + HOST,
            2,
            1,
            "\"su\" is not one of sudo | none",
            "sudo, none"),
        arguments(
            "become none without root",
            "[ssh]\nuser = \"deploy\"\nbecome = \"none\"\n" + HOST,
            3,
            1,
            "become = \"none\" needs user = \"root\", but the SSH user is \"deploy\" (host \"mx1\")",
            "become = \"sudo\""),
        arguments(
            "user with uppercase",
            "[ssh]\nuser = \"Admin\"\n" + HOST,
            2,
            1,
            "\"Admin\" is not a valid user name",
            "lowercase"),
        arguments(
            "jump host port",
            "[ssh]\njump_host = \"bastion.example.com:99999\"\n" + HOST,
            2,
            1,
            "out of range",
            "1 to 65535"),
        arguments(
            "jump host user",
            "[ssh]\njump_host = \"Root@bastion.example.com\"\n" + HOST,
            2,
            1,
            "\"Root\" is not a valid user name",
            "lowercase"),
        arguments(
            "jump host shape",
            "[ssh]\njump_host = \"a@b@c\"\n" + HOST,
            2,
            1,
            "is not [user@]host[:port]",
            "admin@bastion.example.com:2222"),
        arguments(
            "identity_file of another user",
            "[ssh]\nidentity_file = \"~bob/.ssh/id\"\n" + HOST,
            2,
            1,
            "uses ~user",
            "~/..."),
        arguments(
            "shell in identity_file",
            "[ssh]\nidentity_file = \"key`reboot`\"\n" + HOST,
            2,
            1,
            "contains the character `",
            "shell commands"));
  }

  static Stream<Arguments> tls() {
    return Stream.of(
        arguments(
            "unknown mode",
            "[tls]\nmode = \"letsencrypt\"\n" + HOST,
            2,
            1,
            "\"letsencrypt\" is not one of acme | self-signed",
            "acme, self-signed"),
        arguments(
            "acme without e-mail",
            "[tls]\nmode = \"acme\"\nacme_accept_terms = true\n" + HOST,
            2,
            1,
            "mode = \"acme\" needs acme_email",
            "acme_email = \"postmaster@example.com\""),
        arguments(
            "acme without terms",
            "[tls]\nmode = \"acme\"\nacme_email = \"pm@example.com\"\n" + HOST,
            2,
            1,
            "needs acme_accept_terms = true",
            "acme_accept_terms = true"),
        arguments(
            "acme set per host",
            HOST + "[hosts.mx1.tls]\nmode = \"acme\"\nacme_accept_terms = true\n",
            5,
            1,
            "needs acme_email (host \"mx1\")",
            "acme_email"),
        arguments(
            "plain http directory",
            "[tls]\nacme_directory = \"http://acme.example.com/dir\"\n" + HOST,
            2,
            1,
            "is not an https:// URL",
            "https://"),
        arguments(
            "directory typo",
            "[tls]\nacme_directory = \"letsencrypt-stage\"\n" + HOST,
            2,
            1,
            "did you mean \"letsencrypt-staging\"?",
            "letsencrypt"),
        arguments(
            "bad acme e-mail",
            "[tls]\nacme_email = \"postmaster\"\n" + HOST,
            2,
            1,
            "\"postmaster\" is not an e-mail address",
            "postmaster@example.com"),
        arguments(
            "unknown challenge",
            "[tls]\nchallenge = \"dns\"\n" + HOST,
            2,
            1,
            "\"dns\" is not one of standalone | webroot",
            "standalone, webroot"),
        arguments(
            "relative webroot",
            "[tls]\nwebroot = \"var/www\"\n" + HOST,
            2,
            1,
            "is not an absolute path",
            "/var/www/html"),
        arguments(
            "webroot escaping",
            "[tls]\nwebroot = \"/var/www/../../etc\"\n" + HOST,
            2,
            1,
            "is not an absolute path",
            "/var/www/html"),
        arguments(
            "renew_days too late",
            "[tls]\nrenew_days = 90\n" + HOST,
            2,
            1,
            "90 is out of range",
            "1 to 89"));
  }

  static Stream<Arguments> mail() {
    return Stream.of(
        arguments(
            "postmaster not a mail user",
            "[mail]\nvirtual_domains = [\"example.com\"]\npostmaster = \"carol\"\n"
                + "[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n"
                + HOST,
            3,
            1,
            "postmaster \"carol\" is not a mail user",
            "a target of [mail.virtual_addresses]"),
        arguments(
            "postmaster not a user name",
            "[mail]\npostmaster = \"Post Master\"\n" + HOST,
            2,
            1,
            "invalid postmaster in [mail]",
            "lowercase letter"),
        arguments(
            "max_message_mb too large",
            "[mail]\nmax_message_mb = 4096\n" + HOST,
            2,
            1,
            "4096 is out of range",
            "a whole number from 1 to 1024"),
        arguments(
            "max_message_mb quoted",
            "[mail]\nmax_message_mb = \"25M\"\n" + HOST,
            2,
            1,
            "wrong type for max_message_mb",
            "without quotes"),
        arguments(
            "enable_dmarc_check quoted",
            "[mail]\nenable_dmarc_check = \"yes\"\n" + HOST,
            2,
            1,
            "wrong type for enable_dmarc_check",
            "enable_dmarc_check = true"),
        arguments(
            "spam_threshold quoted",
            "[mail]\nspam_threshold = \"5\"\n" + HOST,
            2,
            1,
            "spam_threshold",
            "a number from 1.0 to 30.0, without quotes"),
        arguments(
            "spam_threshold too high",
            "[mail]\nspam_threshold = 31.5\n" + HOST,
            2,
            1,
            "31.5 is out of range",
            "a number from 1.0 to 30.0"),
        arguments(
            "spam_threshold infinite",
            "[mail]\nspam_threshold = inf\n" + HOST,
            2,
            1,
            "spam_threshold",
            "a number from 1.0 to 30.0"),
        arguments(
            "line break in label",
            "[mail]\nserver_label = \"Mail\\r\\n250 OK\"\n" + HOST,
            2,
            1,
            "invalid server_label in [mail]: contains a line break",
            "one line"),
        arguments(
            "long label",
            "[mail]\nserver_label = \"" + "x".repeat(101) + "\"\n" + HOST,
            2,
            1,
            "1 to 100 printable ASCII characters",
            "SMTP greeting"),
        arguments(
            "semicolon in label",
            "[mail]\nserver_label = \"Mail; rm -rf /\"\n" + HOST,
            2,
            1,
            "contains the character ;",
            "shell commands"),
        arguments(
            "dovecot variable in label",
            "[mail]\nserver_label = \"Mail 100%{x}\"\n" + HOST,
            2,
            1,
            "must not contain %, $, { or }",
            "variables"),
        arguments(
            "dollar in label",
            "[mail]\nserver_label = \"Mail $(id)\"\n" + HOST,
            2,
            1,
            "contains the character $",
            "shell commands"),
        arguments(
            "quote in label",
            "[mail]\nserver_label = 'Mail \"x\"'\n" + HOST,
            2,
            1,
            "contains the character \"",
            "quotes"),
        arguments(
            "NUL in label",
            "[mail]\nserver_label = \"a\\u0000b\"\n" + HOST,
            2,
            1,
            "contains a NUL character",
            "control characters"),
        arguments(
            "IDN domain",
            "[mail]\nvirtual_domains = [\"bücher.example\"]\n" + HOST,
            2,
            20,
            "\"bücher.example\" contains non-ASCII characters",
            "punycode: \"xn--bcher-kva.example\""),
        arguments(
            "duplicate domain",
            "[mail]\nvirtual_domains = [\"example.com\", \"EXAMPLE.com\"]\n" + HOST,
            2,
            35,
            "\"example.com\" is listed twice",
            "once"),
        arguments(
            "single-label domain",
            "[mail]\nvirtual_domains = [\"localhost\"]\n" + HOST,
            2,
            20,
            "is not a fully qualified domain name",
            "mail.example.com"),
        arguments(
            "underscore in domain",
            "[mail]\nvirtual_domains = [\"exa_mple.com\"]\n" + HOST,
            2,
            20,
            "is not a valid domain name (label \"exa_mple\")",
            "letters, digits"),
        arguments(
            "trailing dot",
            "[mail]\nvirtual_domains = [\"example.com.\"]\n" + HOST,
            2,
            20,
            "ends with a dot",
            "\"example.com\""),
        arguments(
            "address outside virtual_domains",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "a@example.com" = "alice"
            "b@example.org" = "bob"
            """
                + HOST,
            5,
            1,
            "virtual address \"b@example.org\" is in domain \"example.org\", which is not in virtual_domains",
            "add \"example.org\" to virtual_domains"),
        arguments(
            "catch-all of a domain the host does not serve",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "@example.org" = "alice"
            """
                + HOST,
            4,
            1,
            "virtual address \"@example.org\" is in domain \"example.org\"",
            "add \"example.org\" to virtual_domains"),
        arguments(
            "catch-all without a domain",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "@" = "alice"
            """
                + HOST,
            4,
            1,
            "\"@\" is not a catch-all",
            "\"@example.com\" = \"alice\""),
        arguments(
            "addresses without any virtual_domains",
            """
            [mail.virtual_addresses]
            "a@example.com" = "alice"
            """
                + HOST,
            2,
            1,
            "\"example.com\", which is not in virtual_domains",
            "add \"example.com\" to virtual_domains"),
        arguments(
            "host list drops a default domain",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "a@example.com" = "alice"
            """
                + HOST
                + """
            [hosts.mx1.mail]
            virtual_domains = ["example.org"]
            """,
            4,
            1,
            "not in virtual_domains (host \"mx1\")",
            "[hosts.mx1.mail]"),
        arguments(
            "bad local user",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "alice@example.com" = "Alice"
            """
                + HOST,
            4,
            1,
            "invalid \"alice@example.com\" in [mail.virtual_addresses]: \"Alice\" is not a valid user name",
            "lowercase"),
        arguments(
            "not an address",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "alice" = "alice"
            """
                + HOST,
            4,
            1,
            "\"alice\" is not an e-mail address",
            "local-part@domain"),
        arguments(
            "unsafe local part",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "a b@example.com" = "alice"
            """
                + HOST,
            4,
            1,
            "unsupported local part \"a b\"",
            "letters, digits"),
        arguments(
            "address twice in different case",
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "alice@example.com" = "alice"
            "Alice@Example.com" = "alice"
            """
                + HOST,
            5,
            1,
            "address \"alice@example.com\" is listed twice",
            "not case-sensitive"),
        arguments(
            "bad dkim selector",
            "[mail]\ndkim_selector = \"mail.2024\"\n" + HOST,
            2,
            1,
            "is not a DNS label",
            "\"mail\""),
        arguments(
            "bad pass-list entry",
            "[mail]\ngreylisting_pass_list = [\"bank.example.net\", \"not valid\"]\n" + HOST,
            2,
            46,
            "\"not valid\" is not a valid domain name",
            "letters, digits"));
  }

  static Stream<Arguments> users() {
    return Stream.of(
        arguments(
            "invalid user name",
            "[mail.users.Bob]\npassword_hash = \"" + HASH + "\"\n" + HOST,
            1,
            1,
            "invalid user name in [mail.users]: \"Bob\" is not a valid user name",
            "lowercase"),
        arguments(
            "root as a mail user",
            "[mail.users.root]\npassword_hash = \"" + HASH + "\"\n" + HOST,
            1,
            1,
            "root cannot be a mail user in [mail.users]",
            "regular accounts"),
        arguments(
            "missing hash",
            "[mail.users.bob]\n" + HOST,
            1,
            1,
            "user \"bob\" has no password_hash",
            "mailpush hash-password"),
        arguments(
            "malformed hash",
            "[mail.users.bob]\npassword_hash = \"$6$short\"\n" + HOST,
            2,
            1,
            "not a well-formed crypt hash",
            "mailpush hash-password"),
        arguments(
            "plaintext hash",
            "[mail.users.bob]\npassword_hash = \"hunter2\"\n" + HOST,
            2,
            1,
            "looks like a plaintext password",
            "mailpush hash-password"),
        arguments(
            "numeric hash",
            "[mail.users.bob]\npassword_hash = 12345\n" + HOST,
            2,
            1,
            "expected a string, found an integer",
            "double quotes"),
        arguments(
            "user as a value",
            "[mail.users]\nbob = \"" + HASH + "\"\n" + HOST,
            2,
            1,
            "wrong type for bob in [mail.users]: expected a table, found a string",
            "[mail.users.bob]"));
  }

  static Stream<Arguments> vars() {
    return Stream.of(
        arguments(
            "bad variable name",
            "[vars]\n\"two words\" = \"x\"\n" + HOST,
            2,
            1,
            "invalid variable name \"two words\"",
            "letters, digits"),
        arguments(
            "unsafe variable value",
            HOST + "[hosts.mx1.vars]\nx = \"a;b\"\n",
            5,
            1,
            "invalid x in [hosts.mx1.vars]: contains the character ;",
            "shell commands"));
  }

  static Stream<Arguments> hosts() {
    return Stream.of(
        arguments("no hosts", "[mail]\nenable_antispam = true\n", 1, 1, "no hosts", "[hosts.mx1]"),
        arguments(
            "empty hosts", "[ssh]\nport = 22\n[hosts]\n", 3, 1, "[hosts] is empty", "[hosts.NAME]"),
        arguments(
            "array of hosts",
            "[[hosts]]\naddress = \"203.0.113.10\"\n",
            1,
            1,
            "wrong type for hosts at top level: expected a table, found an array",
            "[hosts]"),
        arguments(
            "host as a value",
            "[hosts]\nmx1 = \"203.0.113.10\"\n",
            2,
            1,
            "expected a table, found a string",
            "[hosts.mx1]"),
        arguments(
            "public address that is a name",
            HOST + "public_address = \"mail.example.com\"\n",
            4,
            1,
            "\"mail.example.com\" is not an IP address",
            "203.0.113.10 or 2001:db8::10"),
        arguments(
            "public address list with a bad entry",
            HOST + "public_address = [\"198.51.100.7\", \"2001:db8::zz\"]\n",
            4,
            35,
            "is not a valid IPv6 address",
            "2001:db8::10"),
        arguments(
            "bad host name",
            "[hosts.\"-mx\"]\naddress = \"203.0.113.10\"\nhostname = \"mail.example.com\"\n",
            1,
            1,
            "invalid host name \"-mx\" in [hosts]",
            "start with a letter or digit"),
        arguments(
            "missing address",
            "[ssh]\nport = 22\n\n[hosts.mx1]\nhostname = \"mail.example.com\"\n",
            4,
            1,
            "[hosts.mx1] has no address",
            "address = \"203.0.113.10\""),
        arguments(
            "missing hostname",
            "[hosts.mx1]\naddress = \"203.0.113.10\"\n",
            1,
            1,
            "[hosts.mx1] has no hostname",
            "hostname = \"mail.example.com\""),
        arguments(
            "short hostname",
            "[hosts.mx1]\naddress = \"203.0.113.10\"\nhostname = \"mail\"\n",
            3,
            1,
            "invalid hostname in [hosts.mx1]: \"mail\" is not a fully qualified domain name",
            "mail.example.com"),
        arguments(
            "IDN hostname",
            "[hosts.mx1]\naddress = \"203.0.113.10\"\nhostname = \"mail.bücher.example\"\n",
            3,
            1,
            "contains non-ASCII characters",
            "xn--bcher-kva"),
        arguments(
            "bad IPv4",
            "[hosts.mx1]\naddress = \"203.0.113.256\"\nhostname = \"mail.example.com\"\n",
            2,
            1,
            "\"203.0.113.256\" is not a valid IPv4 address",
            "203.0.113.10"),
        arguments(
            "bad IPv6",
            "[hosts.mx1]\naddress = \"2001:db8::zz\"\nhostname = \"mail.example.com\"\n",
            2,
            1,
            "is not a valid IPv6 address",
            "2001:db8::10"),
        arguments(
            "bracketed IPv6",
            "[hosts.mx1]\naddress = \"[2001:db8::1]\"\nhostname = \"mail.example.com\"\n",
            2,
            1,
            "is not a valid IPv6 address",
            "without brackets"),
        arguments(
            "shell in address",
            "[hosts.mx1]\naddress = \"mx$(reboot)\"\nhostname = \"mail.example.com\"\n",
            2,
            1,
            "contains the character $",
            "shell commands"),
        arguments(
            "duplicate hostname",
            HOST
                + """
            [hosts.mx2]
            address = "203.0.113.11"
            hostname = "MAIL.example.com"
            """,
            6,
            1,
            "duplicate hosts: \"mx2\" has the same hostname \"mail.example.com\" as \"mx1\" (line 1)",
            "different server"),
        arguments(
            "duplicate address and port",
            HOST
                + """
            [hosts.mx2]
            address = "203.0.113.10"
            hostname = "mx2.example.com"
            """,
            5,
            1,
            "duplicate hosts: \"mx2\" has the same address and SSH port (203.0.113.10, port 22) as \"mx1\"",
            "different server"),
        arguments(
            "duplicate IPv6 in another spelling",
            """
            [hosts.a]
            address = "2001:db8::1"
            hostname = "a.example.com"
            [hosts.b]
            address = "2001:DB8:0:0::1"
            hostname = "b.example.com"
            """,
            5,
            1,
            "same address and SSH port",
            "different server"));
  }

  static Stream<Arguments> tomlSyntax() {
    return Stream.of(
        arguments(
            "duplicate table",
            HOST + "[hosts.mx1.ssh]\nport = 2222\n[hosts.mx1]\n",
            6,
            1,
            "duplicate key or table \"hosts.mx1\" (first defined at line 1, column 1)",
            "only once"),
        arguments(
            "duplicate key",
            "[ssh]\nport = 22\nport = 23\n" + HOST,
            3,
            1,
            "duplicate key or table \"port\" (first defined at line 2, column 1)",
            "only once"),
        arguments(
            "unquoted text",
            "[tls]\nmode = acme\n" + HOST,
            2,
            8,
            "TOML syntax: Unexpected 'a'",
            "mode = \"acme\""),
        arguments(
            "unterminated string",
            "[ssh]\nuser = \"root\n" + HOST,
            2,
            13,
            "TOML syntax:",
            "toml.io"),
        arguments(
            "unclosed header", "[ssh\nuser = \"root\"\n" + HOST, 1, 5, "TOML syntax:", "toml.io"));
  }
}
