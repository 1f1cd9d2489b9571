#!/usr/bin/env python3
"""Turns bench/run.sh's raw measurements into bench/RESULTS.md (Markdown on stdout).

    report.py META.tsv RAW.tsv WORKDIR
"""
import base64
import csv
import glob
import json
import os
import statistics
import sys
from events import events

meta = {}
for line in open(sys.argv[1]):
    k, _, v = line.rstrip("\n").partition("\t")
    meta[k] = v
rows = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
work = sys.argv[3]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def pick(part, tool, n, phase, ok_only=True):
    return [r for r in rows if r["part"] == part and r["tool"] == tool and int(r["n"]) == n
            and r["phase"] == phase and (not ok_only or r["exit"] == "0")]


def med(rs, field="wall_s"):
    vals = [num(r[field]) for r in rs if num(r[field]) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, digits=2, unit=""):
    return "–" if v is None else f"{v:.{digits}f}{unit}"


def fmt_int(v):
    return "–" if v is None else f"{v:,.0f}"


def failed_note(part, tool, n, phase):
    bad = [r for r in rows if r["part"] == part and r["tool"] == tool and int(r["n"]) == n
           and r["phase"] == phase and r["exit"] != "0"]
    return f" ({len(bad)} failed)" if bad else ""


# The generic workload's peers, in table order: the machine's ansible-core, and Debian 13's
# ansible-core 2.19 without and with Mitogen from the controller container.
PEERS = {"ansible": "Ansible (machine)", "ansible219": "Ansible 2.19", "mitogen": "Ansible 2.19 + Mitogen"}


def ratio_per_run(n, phase, peer="ansible"):
    """Peer/mailpush wall time, run by run (both measured in the same run), then the median."""
    out = []
    for r in sorted({x["run"] for x in rows if x["part"] == "generic" and int(x["n"]) == n}):
        a = [x for x in pick("generic", peer, n, phase) if x["run"] == r]
        m = [x for x in pick("generic", "mailpush", n, phase) if x["run"] == r]
        if a and m:
            out.append(num(a[0]["wall_s"]) / num(m[0]["wall_s"]))
    return statistics.median(out) if out else None


def verdict(ok):
    return "–" if ok is None else ("**pass**" if ok else "**miss**")


gen_ns = sorted({int(r["n"]) for r in rows if r["part"] == "generic"})
mail_ns = sorted({int(r["n"]) for r in rows if r["part"] == "mail"})
runs = max([int(r["run"]) for r in rows] or [0])

p = print
p("# mailpush benchmark results")
p()
if meta.get("label"):
    p(f"> **{meta['label']}**")
    p()
p("Written by `bench/run.sh` (do not edit by hand; re-run it). Times are wall clock of the whole command:")
p("`bin/mailpush ...` including JVM start (jar already built), `ansible-playbook ...` including Python start.")
p()
p("| | |")
p("|---|---|")
for k, title in [("command", "Command"), ("started", "Date"), ("cores", "Cores"), ("ram", "RAM"),
                 ("load", "Load average"), ("os", "OS"), ("mailpush", "mailpush"), ("jdk", "JDK"),
                 ("ansible", "Ansible (machine)"), ("controller", "Ansible 2.19 controller"),
                 ("mitogen", "Mitogen"), ("openssh", "OpenSSH client"), ("docker", "Docker engine"),
                 ("image", "Target image")]:
    p(f"| {title} | {meta.get(k, '')} |")
p(f"| Runs | {runs} per tool and host count; medians of the successful runs |")
p()

# ------------------------------------------------------------------------------------------------
targets = []
gen_peers = [t for t in PEERS if any(r["part"] == "generic" and r["tool"] == t for r in rows)]
if gen_ns:
    p("## Generic workload")
    p()
    p("5 packages present, 1 directory, 40 templated files (host variable + file number), 2 services")
    p("running and enabled: `bench/generic.toml` (mailpush) and `bench/generic.yml` (Ansible). *First run*:")
    p("`/srv/bench` and its 40 files are deleted on every target before each first run (packages and")
    p("services are already in the image, so this equals a fresh container); *no-op*: the same command again.")
    if gen_peers:
        p("Tools: " + "; ".join(f"`{t}` = {PEERS[t]}" for t in gen_peers) + (
            ". `ansible219` and `mitogen` run in one Debian 13 controller container (`docker run --network host`),"
            " already running: their time is `docker exec CONTROLLER ansible-playbook ...` (the container's start is"
            " not counted; docker exec's own start, tens of ms, is), their CPU is the container's cgroup CPU"
            " (ansible-playbook, its forks and its ssh processes)." if set(gen_peers) & {"ansible219", "mitogen"} else "."))
    p()
    p("| hosts | tool | first run (s) | no-op (s) | controller CPU first / no-op (s) | SSH sessions/host first / no-op | connections/host no-op | bytes to host no-op (wire) | mailpush exec_count/host first / no-op | mailpush bytes_sent/host first / no-op |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    for n in gen_ns:
        for tool in ["mailpush"] + gen_peers:
            if tool != "mailpush" and not [r for r in rows if r["part"] == "generic" and r["tool"] == tool
                                           and int(r["n"]) == n]:
                continue
            f, o = pick("generic", tool, n, "first"), pick("generic", tool, n, "noop")
            mpx = (f"{fmt(med(f, 'mp_exec_count_per_host'), 1)} / {fmt(med(o, 'mp_exec_count_per_host'), 1)}"
                   if tool == "mailpush" else "n/a")
            mpb = (f"{fmt_int(med(f, 'mp_bytes_sent_per_host'))} / {fmt_int(med(o, 'mp_bytes_sent_per_host'))}"
                   if tool == "mailpush" else "n/a")
            p(f"| {n} | {tool} | {fmt(med(f))}{failed_note('generic', tool, n, 'first')} "
              f"| {fmt(med(o))}{failed_note('generic', tool, n, 'noop')} "
              f"| {fmt(med(f, 'cpu_s'))} / {fmt(med(o, 'cpu_s'))} "
              f"| {fmt(med(f, 'sessions_per_host'), 1)} / {fmt(med(o, 'sessions_per_host'), 1)} "
              f"| {fmt(med(o, 'conns_per_host'), 1)} | {fmt_int(med(o, 'rx_bytes_per_host'))} | {mpx} | {mpb} |")
    p()
    if any(r["part"] == "generic" and r["tool"] == "openssh" for r in rows):
        p("**The SSH floor of this machine.** `openssh`: OpenSSH's own client (`ssh -o ControlMaster=no HOST true`)")
        p("to every target at once, one fresh connection each, measured in every run right after mailpush's no-op.")
        p("It logs in and does nothing: no tool that opens one SSH connection per host can be faster here. The")
        p("targets' sshd run on the same cores as the controller.")
        p()
        p("| hosts | OpenSSH floor (s) | its client CPU (s) | mailpush no-op (s) | mailpush no-op / floor |")
        p("|---|---|---|---|---|")
        for n in gen_ns:
            fl, o = pick("generic", "openssh", n, "noop"), pick("generic", "mailpush", n, "noop")
            p(f"| {n} | {fmt(med(fl))} | {fmt(med(fl, 'cpu_s'))} | {fmt(med(o))} "
              f"| {fmt(None if med(fl) is None or med(o) is None else med(o) / med(fl), 2, 'x')} |")
        p()
    if gen_peers:
        p("| hosts | " + " | ".join(f"{t} / mailpush, no-op | {t} / mailpush, first run" for t in gen_peers) + " |")
        p("|---|" + "---|---|" * len(gen_peers))
        for n in gen_ns:
            p(f"| {n} | " + " | ".join(f"{fmt(ratio_per_run(n, 'noop', t), 1, 'x')} | {fmt(ratio_per_run(n, 'first', t), 1, 'x')}"
                                      for t in gen_peers) + " |")
        p()
        p("Ratios are taken run by run (the tools measured back to back on the same targets in the same run),")
        p("then the median. Each peer's result was compared with mailpush's on one host after run 1 (names, modes,")
        p("owners and contents of `/srv/bench`):")
        p()
        for t in gen_peers:
            eq = meta.get("equivalence" if t == "ansible" else f"equivalence_{t}", "").strip()
            p(f"- `{t}`: " + ("identical." if eq == "same" else "not compared (no run)." if not eq
                              else f"**differences**: `{eq}`"))
        p()
    # Where mailpush's time goes, from its own JSON events (run 1, smallest host count).
    n0 = gen_ns[0]
    for phase in ("first", "noop"):
        path = os.path.join(work, f"g{n0}-mp-1-{phase}.json")
        row = [r for r in rows if r["part"] == "generic" and r["tool"] == "mailpush" and int(r["n"]) == n0
               and r["run"] == "1" and r["phase"] == phase]
        if not os.path.exists(path) or not row:
            continue
        tasks, hosts = [], []
        for e in events(path):
            if e.get("type") == "task":
                tasks.append(e)
            elif e.get("type") == "host" and e.get("status") != "started":
                hosts.append(e)
        if not hosts:
            continue
        h = max(hosts, key=lambda e: e.get("duration_ms", 0))
        mine = [t for t in tasks if t.get("host") == h.get("host")]
        task_ms = sum(t.get("duration_ms", 0) for t in mine)
        changed = sum(1 for t in mine if t.get("status") == "changed")
        wall = num(row[0]["wall_s"]) * 1000
        p(f"mailpush {'first run' if phase == 'first' else 'no-op'}, {n0} host(s), run 1 (from `--json`): wall {wall:.0f} ms; "
          f"slowest host {h.get('duration_ms')} ms, of which its {len(mine)} tasks (plan + apply) "
          f"{task_ms} ms and {h.get('duration_ms') - task_ms} ms outside tasks (SSH connect, the first fact probe, "
          f"and one re-probe after each of the {changed} changed tasks); {h.get('exec_count')} execs. "
          f"JVM start, parsing and exit: {wall - h.get('duration_ms'):.0f} ms.")
        p()

    r1, r10 = ratio_per_run(1, "noop"), ratio_per_run(10, "noop")
    targets.append(("Generic no-op ≥15x faster than Ansible on 1 host", fmt(r1, 1, "x"),
                    None if r1 is None else r1 >= 15))
    targets.append(("Generic no-op ≥30x faster than Ansible on 10 hosts", fmt(r10, 1, "x"),
                    None if r10 is None else r10 >= 30))
    m10 = ratio_per_run(10, "noop", "mitogen")
    targets.append(("Generic no-op ≥10x faster than Ansible 2.19 + Mitogen on 10 hosts", fmt(m10, 1, "x"),
                    None if m10 is None else m10 >= 10))
    for phase in ("noop", "first"):
        one, fifty = med(pick("generic", "mailpush", 1, phase)), med(pick("generic", "mailpush", 50, phase))
        rel = None if one is None or fifty is None else fifty / one
        # Issue 18: the no-op within 4x; the first run keeps the earlier 3x.
        limit = 4 if phase == "noop" else 3
        targets.append((f"mailpush generic {'no-op' if phase == 'noop' else 'first run'}: 50 hosts within {limit}x the 1-host time",
                        "–" if rel is None else f"{fifty:.2f} s / {one:.2f} s = {rel:.1f}x",
                        None if rel is None else rel <= limit))
    fl1, fl50 = med(pick("generic", "openssh", 1, "noop")), med(pick("generic", "openssh", 50, "noop"))
    if fl1 is not None and fl50 is not None:
        targets.append(("(context, no target) the OpenSSH floor: 50 hosts / 1 host",
                        f"{fl50:.2f} s / {fl1:.2f} s = {fl50 / fl1:.1f}x", None))
    cpu = med(pick("generic", "mailpush", 50, "noop"), "cpu_s")
    targets.append(("mailpush generic no-op: controller CPU ≤ 60 ms per host at 50 hosts",
                    "–" if cpu is None else f"{cpu:.2f} s / 50 = {1000 * cpu / 50:.0f} ms",
                    None if cpu is None else cpu / 50 <= 0.060))

# ------------------------------------------------------------------------------------------------
if mail_ns:
    p("## Mail playbook (`bin/mailpush deploy`)")
    p()
    p("*First deploy*: `bin/mailpush deploy` on fresh containers of the bench image. *Bare install*: on other")
    p("fresh containers of the same image, one SSH command per host doing what a person would do:")
    p("`sudo apt-get update && sudo apt-get install -y --no-install-recommends PACKAGES...` (all hosts in")
    p("parallel), run after the deploy with every package the deploy installed: one `apt-get update`, then one")
    p("`apt-get install` per `install ...` action of the deploy on its first host, in the deploy's order, except that")
    p("spamass-milter gets a run of its own: in one run with the rest, its install script starts its daemon before")
    p("postfix has created its user and the run fails on Debian 12 (mailpush holds every start, so it needs only one")
    p("run); else the `deploy --check --json` list, else `playbooks/mailserver/base.toml`'s. The deploy's groups,")
    p("`;`-separated:")
    p(f"`{meta.get('mail_packages', '')}`. Both download from the Debian mirror, so network variance is in")
    p("both. *No-op*: `bin/mailpush deploy` again on the deployed hosts.")
    p()
    p("| hosts | bare install (s) | mailpush first deploy (s) | first / bare | mailpush no-op (s) | no-op controller CPU (s) | exec_count/host no-op (mailpush, max) | SSH sessions/host no-op (sshd) | connections/host | bytes_sent/host no-op | bytes to host no-op (wire) |")
    p("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in mail_ns:
        b, f, o = pick("mail", "bare-apt", n, "first"), pick("mail", "mailpush", n, "first"), pick("mail", "mailpush", n, "noop")
        mb, mf, mo = med(b), med(f), med(o)
        rel = None if mb is None or mf is None else mf / mb
        maxx = med(o, "mp_exec_count_max")
        p(f"| {n} | {fmt(mb)}{failed_note('mail', 'bare-apt', n, 'first')} | {fmt(mf)}{failed_note('mail', 'mailpush', n, 'first')} "
          f"| {fmt(rel, 2, 'x')} | {fmt(mo)}{failed_note('mail', 'mailpush', n, 'noop')} | {fmt(med(o, 'cpu_s'))} "
          f"| {fmt(med(o, 'mp_exec_count_per_host'), 1)} ({fmt(maxx, 0)}) | {fmt(med(o, 'sessions_per_host'), 1)} "
          f"| {fmt(med(o, 'conns_per_host'), 1)} | {fmt_int(med(o, 'mp_bytes_sent_per_host'))} | {fmt_int(med(o, 'rx_bytes_per_host'))} |")
        targets.append((f"Mail first deploy within 1.10x of the bare package install ({n} host{'s' if n > 1 else ''})",
                        fmt(rel, 2, "x"), None if rel is None else rel <= 1.10))
    p()
    o1 = med(pick("mail", "mailpush", 1, "noop"))
    targets.append(("Mail no-op on one host < 1.5 s wall including JVM start", fmt(o1, 2, " s"),
                    None if o1 is None else o1 < 1.5))
    allo = [r for n in mail_ns for r in pick("mail", "mailpush", n, "noop")]
    mx = max([num(r["mp_exec_count_max"]) for r in allo if num(r["mp_exec_count_max"]) is not None] or [None]) if allo else None
    targets.append(("Mail no-op ≤ 3 exec round trips per host after the handshake (mailpush exec_count, worst host)",
                    fmt(mx, 0), None if mx is None else mx <= 3))

    # Where a no-op deploy's time goes, from the last no-op run's JSON events.
    last = os.path.join(work, "mail-noop-last.json")
    if os.path.exists(last):
        tasks, host_ms = [], []
        for e in events(last):
            if e.get("type") == "task":
                tasks.append((e.get("duration_ms", 0), e.get("task"), e.get("status")))
            elif e.get("type") == "host" and e.get("status") != "started":
                host_ms.append(e.get("duration_ms", 0))
        lastrow = [r for r in rows if r["part"] == "mail" and r["tool"] == "mailpush" and r["phase"] == "noop"][-1:]
        if lastrow and host_ms:
            wall = num(lastrow[0]["wall_s"]) * 1000
            p(f"Last no-op deploy ({lastrow[0]['n']} host(s)): wall {wall:.0f} ms, of which the slowest host's run "
              f"(connect + probe + plan) {max(host_ms)} ms; the remaining {wall - max(host_ms):.0f} ms are JVM start, "
              f"class loading, inventory/playbook parsing and shutdown. Tasks: {len(tasks)}, sum of task durations "
              f"{sum(t[0] for t in tasks)} ms; statuses: "
              + ", ".join(f"{s} {sum(1 for t in tasks if t[2] == s)}" for s in sorted({t[2] for t in tasks})) + ".")
            p()

# ------------------------------------------------------------------------------------------------
errors = [(k[len("error_"):], base64.b64decode(v).decode(errors="replace")) for k, v in meta.items()
          if k.startswith("error_") and v]
if errors:
    p("## Failures")
    p()
    p("The first failed run of each tool, from its log (error lines, then the last lines):")
    p()
    for tool, text in errors:
        p(f"`{tool}`:")
        p()
        p("```")
        p(text.rstrip())
        p("```")
        p()

p("## Targets")
p()
p("| target | measured | verdict |")
p("|---|---|---|")
for name, value, ok in targets:
    p(f"| {name} | {value} | {verdict(ok)} |")
p()
p("`–` = not measured in this run (host count not included, or every run of it failed).")
p()

p("Where mailpush's time goes (profile of the smoke run, with the commands to re-check it): `bench/PROFILE.md`.")
p()
p("## Method")
p()
p(f"- Targets: containers of `{meta.get('image', 'mailpush-bench:bookworm')}` (`bench/image.sh`: the `mailpush-target` image of its suite + python3 + cron,")
p("  sshd `LogLevel VERBOSE`), started in parallel with `mailpush sandbox`'s flags (systemd as PID 1) and its `admin` user")
p("  (NOPASSWD sudo); SSH published on 127.0.0.1; one ed25519 client key and a generated known_hosts for both tools,")
p("  host keys checked strictly by both.")
p("- Ansible: `ansible-playbook` with a generated `ansible.cfg`: pipelining on, forks = hosts, `host_key_checking = True`,")
p("  `interpreter_python = /usr/bin/python3` (no discovery round trip), no fact gathering (no task needs facts) —")
p("  both choices only make Ansible faster. OpenSSH ControlMaster as Ansible configures it; the master connections are")
p("  closed after every timed run so each run starts cold, as mailpush does.")
p("- Round trips: *SSH sessions/host* counts the `Starting session:` lines sshd logs (VERBOSE) on each target during")
p("  the run — one per exec, subsystem (sftp) or shell, counted on the server the same way for both tools;")
p("  *connections/host* counts `Accepted publickey`. mailpush also reports its own `exec_count` and `bytes_sent`")
p("  (command lines + stdin payload) per host in its `--json` `host` events. *Bytes to host (wire)* is the growth of")
p("  the container's `eth0` rx_bytes during the run: everything the target received (TCP/IP + SSH framing and")
p("  encryption included), measured the same way for both tools.")
p("- *Controller CPU*: user+sys seconds of the command and the child processes it waited for (bash `time`), on the")
p("  machine running the tools; less distorted by other load than wall time. Ansible's ControlMaster processes are")
p("  not waited for, so their (small) share is missing.")
p("- Peers `ansible219` and `mitogen` (`--peers`): Debian 13's `ansible-core` and `ansible-mitogen`, installed with")
p("  apt-get in `mailpush-bench-controller:trixie` (`bench/controller-image.sh`). One container of it runs for the")
p("  whole benchmark on the host network, with the work directory (key, known_hosts, inventories, control sockets)")
p("  and `bench/` mounted at the same paths, so it reaches the targets' 127.0.0.1:PORT with the same key and host")
p("  keys. Both get the same `ansible.cfg` settings as `ansible`; `mitogen` adds `strategy_plugins` (Debian's")
p("  `ansible_mitogen/plugins/strategy`, found with `dpkg -L`) and `strategy = mitogen_linear`. Mitogen keeps one SSH")
p("  connection and session per host for the whole run; the 2.19 ControlMaster sockets are closed after every run.")
p("- Counters are read with `docker exec` before and after each timed run, outside the timing. The jar is (re)built")
p("  outside the timing when a source changed.")
p()

p("## Raw measurements")
p()
cols = ["part", "tool", "n", "run", "phase", "wall_s", "exit", "sessions_per_host", "conns_per_host",
        "rx_bytes_per_host", "tx_bytes_per_host", "mp_exec_count_per_host", "mp_exec_count_max",
        "mp_bytes_sent_per_host", "mp_host_ms_max", "cpu_s"]
p("| " + " | ".join(cols) + " |")
p("|" + "---|" * len(cols))
for r in rows:
    p("| " + " | ".join(r.get(c, "") or "" for c in cols) + " |")
