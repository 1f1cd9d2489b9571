#!/usr/bin/env python3
"""Turns bench/curves.sh's raw measurements into bench/RESULTS-curves.md (Markdown on stdout)
and the plot, an SVG drawn by hand (plain python3: matplotlib is not assumed).

    curves.py META.tsv RAW.tsv WORKDIR SVG
"""
import csv
import json
import math
import os
import re
import statistics
import sys
from events import events

meta = {}
for line in open(sys.argv[1]):
    k, _, v = line.rstrip("\n").partition("\t")
    meta[k] = v
rows = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
work, svg_path = sys.argv[3], sys.argv[4]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def pick(**kw):
    return [r for r in rows if r["exit"] == "0" and all(r[k] == str(v) for k, v in kw.items())]


def m(rs, field):
    return med([num(r[field]) for r in rs])


def f(v, d=2):
    return "–" if v is None else f"{v:.{d}f}"


def fi(v):
    return "–" if v is None else f"{v:,.0f}"


def kib(v):
    return "–" if v is None else f"{v / 1024:,.1f}"


# ------------------------------------------------------------------------------------------------
# Per-task timings from the kept --json logs: task names with their domain and user numbers
# replaced (dN.test, userN), so a loop's items add up into one group.
def norm(name):
    name = re.sub(r"\bd\d+\.test\b", "dN.test", name)
    return re.sub(r"\buser\d+\b", "userN", name)


def tasks_of(json_name):
    groups, count = {}, 0
    path = os.path.join(work, json_name)
    if not os.path.exists(path):
        return None, None
    for e in events(path):
        if e.get("type") == "task":
            count += 1
            g = groups.setdefault(norm(e["task"]) + (" (handler)" if e.get("handler") else ""), [0, 0])
            g[0] += e.get("duration_ms", 0)
            g[1] += 1
    return groups, count


def outside_tasks_s(rs):
    """Host time not inside any task (the first probe, the re-probes after a change, connecting):
    the host event's duration less the tasks' durations, median of the runs, in seconds."""
    vals = []
    for r in rs:
        path = os.path.join(work, r["json"])
        if not os.path.exists(path):
            continue
        host = tasks = 0
        for e in events(path):
            if e.get("type") == "task":
                tasks += e.get("duration_ms", 0)
            elif e.get("type") == "host" and e.get("status") != "started":
                host = max(host, e.get("duration_ms", 0))
        vals.append((host - tasks) / 1000)
    return med(vals)


def task_table(rs):
    """{group: (median total ms, items)} over the runs of one point, and the median task count."""
    per_run = [tasks_of(r["json"]) for r in rs]
    per_run = [p for p in per_run if p[0] is not None]
    if not per_run:
        return {}, None
    # Sorted: a set's order changes with each run (hash seeds), and ties in the tables below follow it.
    names = sorted(set().union(*[p[0].keys() for p in per_run]))
    out = {}
    for n in names:
        out[n] = (med([p[0].get(n, [0, 0])[0] for p in per_run]), max(p[0].get(n, [0, 0])[1] for p in per_run))
    return out, med([p[1] for p in per_run])


# ------------------------------------------------------------------------------------------------
chains = {
    "domains": {"axis": "domains", "var": "domains", "fixed": "users"},
    "users": {"axis": "users", "var": "users", "fixed": "domains"},
}


def chain_points(chain):
    """The chain's points in order: (domains, users, deploy rows, deploy phase, from, noop rows)."""
    out = []
    seen = []
    for r in rows:
        if r["part"] == "mail" and r["chain"] == chain and r["phase"] != "noop":
            key = (int(r["domains"]), int(r["users"]))
            if key not in seen:
                seen.append(key)
    for d, u in seen:
        dep = [r for r in pick(part="mail", chain=chain, domains=d, users=u) if r["phase"] != "noop"]
        noop = pick(part="mail", chain=chain, domains=d, users=u, phase="noop")
        phase = dep[0]["phase"] if dep else "?"
        frm = dep[0]["from"] if dep else "?"
        out.append((d, u, dep, phase, frm, noop))
    return out


p = print
p("# mailpush cost curves")
p()
if meta.get("label"):
    p(f"> **{meta['label']}**")
    p()
p("Written by `bench/curves.sh` (do not edit by hand; re-run it). Wall times are of the whole")
p("`bin/mailpush ...` command including JVM start (jar already built); CPU is the controller's user+sys")
p("of that command (`/usr/bin/time`), peak RSS its maximum resident set; `exec_count` and `bytes_sent`")
p("are mailpush's own per-host figures from its `--json` host events (commands run on the host, and")
p("bytes it sent over SSH: scripts, files, stdin). Medians of the successful runs.")
p()
p("| | |")
p("|---|---|")
for k, title in [("command", "Command"), ("started", "Started"), ("finished", "Finished"), ("cores", "Cores"),
                 ("ram", "RAM"), ("load", "Load average"), ("os", "OS"), ("mailpush", "mailpush"),
                 ("jdk", "JDK"), ("openssh", "OpenSSH client"), ("docker", "Docker engine"),
                 ("image", "Target image"), ("runs", "Runs per point")]:
    p(f"| {title} | {meta.get(k, '')} |")
p()

failed = [r for r in rows if r["exit"] != "0"]
if failed:
    p(f"**{len(failed)} measured command(s) failed** and are left out of the medians: "
      + ", ".join(f"{r['chain']} D={r['domains']} U={r['users']} N={r['hosts']} {r['phase']} run {r['run']}"
                  for r in failed))
    p()

series = {}  # for the plot: name -> [(x, y)]
growth = []  # (what, metric, [(n, value)])
task_growth = {}  # chain -> phase -> [(n, tasks-table)]

for chain, c in chains.items():
    pts = chain_points(chain)
    if not pts:
        continue
    fixed_val = pts[0][1] if chain == "domains" else pts[0][0]
    p(f"## One host, {'growing virtual domains' if chain == 'domains' else 'growing mail users'} "
      f"({c['fixed']} = {fixed_val}{', then the corner point' if chain == 'domains' and len({u for _, u, *_ in pts}) > 1 else ''})")
    p()
    p("The deploy column is a first deploy on a fresh host for the first row, else an incremental deploy")
    p("from the row above (\"from D/U\": domains/users already deployed).")
    p("\"Outside tasks\" is the host's time in no task: its --json host duration less the sum of its task")
    p("durations, i.e. connecting, the first fact probe, and the re-probes the engine makes after a task")
    p("changed the host (those are timed as part of no task).")
    p()
    p("| domains | users | deploy | deploy wall s | deploy outside tasks s | deploy CPU s | deploy exec/host | deploy KiB sent | "
      "no-op wall s | no-op CPU s | no-op exec/host | no-op KiB sent | no-op tasks | no-op peak RSS MiB |")
    p("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for d, u, dep, phase, frm, noop in pts:
        what = "first (fresh host)" if phase == "first" else f"incremental from {frm}"
        tt, tcount = task_table(noop)
        rss = m(noop, "maxrss_kb")
        p(f"| {d} | {u} | {what} | {f(m(dep, 'wall_s'))} | {f(outside_tasks_s(dep), 1)} | {f(m(dep, 'cpu_s'))} | "
          f"{fi(m(dep, 'mp_exec_count_per_host'))} | {kib(m(dep, 'mp_bytes_sent_per_host'))} | "
          f"{f(m(noop, 'wall_s'))} | {f(m(noop, 'cpu_s'))} | {fi(m(noop, 'mp_exec_count_per_host'))} | "
          f"{kib(m(noop, 'mp_bytes_sent_per_host'))} | {fi(tcount)} | {f(rss / 1024 if rss else None, 0)} |")
    p()
    # The curve proper: the points where only this chain's variable changes.
    line = [(d if chain == "domains" else u, d, u, dep, phase, noop) for d, u, dep, phase, _, noop in pts
            if (u if chain == "domains" else d) == fixed_val]
    for metric, label in [("wall_s", "no-op wall s"), ("cpu_s", "no-op CPU s"),
                          ("mp_exec_count_per_host", "no-op exec/host"),
                          ("mp_bytes_sent_per_host", "no-op bytes sent")]:
        growth.append((chain, label, [(n, m(noop, metric)) for n, _, _, _, _, noop in line]))
    # Deploys as a cumulative cost from the first point: each incremental deploy's figure above the
    # no-op before it (what any run costs: JVM, connecting, the first probe) added to the ones before,
    # so a segment's slope is that deploy's cost per added unit. Its remaining fixed part (restarts,
    # map rebuilds) makes the first segment steeper, never a false superlinear flag.
    for label, get in [("incremental deploy wall s", lambda rs: m(rs, "wall_s")),
                       ("incremental deploy CPU s", lambda rs: m(rs, "cpu_s")),
                       ("incremental deploy outside tasks s", outside_tasks_s),
                       ("incremental deploy exec/host", lambda rs: m(rs, "mp_exec_count_per_host")),
                       ("incremental deploy bytes sent", lambda rs: m(rs, "mp_bytes_sent_per_host"))]:
        acc, cum = 0.0, []
        for k, (n, _, _, dep, _, _) in enumerate(line):
            if k:
                v, base = get(dep), get(line[k - 1][5])
                if v is None or base is None:
                    break
                acc += v - base
            cum.append((n, acc))
        growth.append((chain, label, cum))
    series[f"{chain}: no-op wall"] = [(n, m(noop, "wall_s")) for n, *_, noop in line]
    series[f"{chain}: deploy wall"] = [(n, m(dep, "wall_s")) for n, _, _, dep, _, _ in line]
    series[f"{chain}: no-op KiB"] = [(n, (m(noop, "mp_bytes_sent_per_host") or 0) / 1024) for n, *_, noop in line]
    series[f"{chain}: no-op exec"] = [(n, m(noop, "mp_exec_count_per_host")) for n, *_, noop in line]
    task_growth[chain] = {
        "noop": [(n, task_table(noop)[0]) for n, *_, noop in line],
        "deploy": [(n, task_table(dep)[0], phase) for n, _, _, dep, phase, _ in line],
    }

hp = sorted({int(r["hosts"]) for r in rows if r["part"] == "hosts" and r["phase"] == "noop"})
if hp:
    p("## Controller against many hosts (no-op of bench/generic.toml)")
    p()
    p("The generic workload of bench/run.sh (5 packages, 1 directory, 40 templated files, 2 services) set")
    p("up once on all targets, then no-op runs against the first N of them.")
    p()
    p("| hosts | wall s | CPU s | CPU ms per host | peak RSS MiB | exec/host | KiB sent/host |")
    p("|---:|---:|---:|---:|---:|---:|---:|")
    for n in hp:
        rs = pick(part="hosts", hosts=n, phase="noop")
        cpu, rss = m(rs, "cpu_s"), m(rs, "maxrss_kb")
        p(f"| {n} | {f(m(rs, 'wall_s'))} | {f(cpu)} | {f(cpu * 1000 / n if cpu else None, 0)} | "
          f"{f(rss / 1024 if rss else None, 0)} | {fi(m(rs, 'mp_exec_count_per_host'))} | "
          f"{kib(m(rs, 'mp_bytes_sent_per_host'))} |")
        series.setdefault("hosts: no-op CPU s", []).append((n, cpu))
        series.setdefault("hosts: no-op wall s", []).append((n, m(rs, "wall_s")))
        series.setdefault("hosts: peak RSS MiB", []).append((n, rss / 1024 if rss else None))
    p()
    for metric, label in [("cpu_s", "CPU s"), ("maxrss_kb", "peak RSS KiB"), ("wall_s", "wall s")]:
        growth.append(("hosts", label, [(n, m(pick(part="hosts", hosts=n, phase="noop"), metric)) for n in hp]))

# ------------------------------------------------------------------------------------------------
# Growth: per-unit slope of each segment; a last segment more than twice as steep as the one
# before (and more than noise in absolute terms) is worse than linear.
NOISE = {"incremental deploy wall s": 2.0, "incremental deploy outside tasks s": 2.0,
         "incremental deploy CPU s": 1.0, "incremental deploy exec/host": 10,
         "incremental deploy bytes sent": 16384, "no-op wall s": 0.5, "no-op CPU s": 0.5, "no-op exec/host": 5, "no-op bytes sent": 8192,
         "CPU s": 0.5, "peak RSS KiB": 32768, "wall s": 0.5}
flags = []
p("## Growth per added unit")
p()
p("Slope of each segment (cost added per domain, user or host). Linear growth keeps the slope; a")
p("segment more than twice as steep as the one before, by more than noise, is flagged superlinear.")
p()
p("| curve | metric | points | slope per unit, segment by segment | verdict |")
p("|---|---|---|---|---|")
for what, label, pts in growth:
    pts = [(n, v) for n, v in pts if v is not None]
    if len(pts) < 2:
        continue
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(pts, pts[1:])]
    verdict = "linear or flatter"
    for i in range(1, len(slopes)):
        extra = (pts[i + 1][1] - pts[i][1]) - max(slopes[i - 1], 0) * (pts[i + 1][0] - pts[i][0])
        if slopes[i] > 2 * max(slopes[i - 1], 0) and extra > NOISE[label]:
            verdict = f"**superlinear** ({pts[i][0]}→{pts[i + 1][0]})"
            flags.append((what, label, pts))
    unit = {"domains": "domain", "users": "user", "hosts": "host"}[what]
    p(f"| {what} | {label} | {', '.join(f'{n}: {v:,.3g}' for n, v in pts)} | "
      f"{', '.join(f'{s:,.3g}' for s in slopes)} per {unit} | {verdict} |")
p()

p("## Which tasks grow (per-task timings from `--json`)")
p()
p("Task names with the domain and user numbers folded (`dN.test`, `userN`), summed over a loop's items;")
p("the groups taking the most time at the largest point of each curve, with their total ms and items")
p("at every point (medians of the runs). In a no-op every task plans from the one fact probe made before")
p("the first task, so task times are near 0 there: a no-op's host cost is that probe (outside tasks).")
p()
for chain, phases in task_growth.items():
    for phase in ("noop", "deploy"):
        pts = phases[phase]
        if not pts or not pts[-1][1]:
            continue
        last = pts[-1][1]
        top = sorted(last, key=lambda k: -last[k][0])[:8]
        ns = [x[0] for x in pts]
        p(f"**{chain}, {'no-op' if phase == 'noop' else 'deploy (first, then incremental)'}**")
        p()
        p("| task | " + " | ".join(f"{chain} = {n}" for n in ns) + " |")
        p("|---|" + "---:|" * len(ns))
        for t in top:
            cells = []
            for x in pts:
                v = x[1].get(t)
                cells.append("–" if not v else f"{v[0]:,.0f} ms ({v[1]})")
            p(f"| {t} | " + " | ".join(cells) + " |")
        p()
        # Task-level superlinearity: time per item more than doubling between the last two points,
        # for a group of more than a second.
        if phase == "noop" and len(pts) >= 2:
            a, b = pts[-2][1], pts[-1][1]
            for t in b:
                if t in a and b[t][0] > 1000 and a[t][0] > 0:
                    per_a = a[t][0] / max(a[t][1], 1)
                    per_b = b[t][0] / max(b[t][1], 1)
                    scale = (pts[-1][0] / pts[-2][0]) if b[t][1] == a[t][1] == 1 else 1
                    if (b[t][1] == a[t][1] == 1 and b[t][0] > 2 * scale * a[t][0]) or \
                       (b[t][1] > 1 and per_b > 2 * per_a):
                        flags.append((chain, f"task {t}", [(pts[-2][0], a[t][0]), (pts[-1][0], b[t][0])]))

p("## Superlinear terms found by this run")
p()
if flags:
    for what, label, pts in flags:
        p(f"- {what}: {label}: " + ", ".join(f"{n} → {v:,.3g}" for n, v in pts))
else:
    p("None: no metric's last segment was more than twice as steep as the one before (beyond noise).")
p()


# ------------------------------------------------------------------------------------------------
# The plot: six panels, log x (counts 1..500), linear y from 0.
def nice(hi):
    if not hi or hi <= 0:
        return 1.0, 0.25
    e = 10 ** math.floor(math.log10(hi))
    for s in (1, 2, 2.5, 5, 10):
        if hi / (s * e) <= 5:
            return s * e * math.ceil(hi / (s * e)), s * e
    return hi, hi / 5


def panel(x0, y0, w, h, title, xlabel, ylabel, lines):
    out = [f'<g transform="translate({x0},{y0})">',
           f'<text x="{w / 2}" y="-8" text-anchor="middle" font-weight="bold">{title}</text>']
    xs = [x for _, _, pts in lines for x, y in pts if y is not None]
    ys = [y for _, _, pts in lines for x, y in pts if y is not None]
    if not xs:
        out.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle">(not measured)</text></g>')
        return out
    lo, hi = min(xs), max(xs)
    lx = lambda x: 0 if hi == lo else (math.log10(x) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * w
    top, step = nice(max(ys))
    ly = lambda y: h - y / top * h
    out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    v = 0.0
    while v <= top + 1e-9:
        out.append(f'<line x1="0" x2="{w}" y1="{ly(v):.1f}" y2="{ly(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="-4" y="{ly(v) + 4:.1f}" text-anchor="end" font-size="10">{v:g}</text>')
        v += step
    for x in sorted(set(xs)):
        out.append(f'<text x="{lx(x):.1f}" y="{h + 14}" text-anchor="middle" font-size="10">{x:g}</text>')
    out.append(f'<text x="{w / 2}" y="{h + 30}" text-anchor="middle" font-size="11">{xlabel} (log scale)</text>')
    note = ("flat: linear growth; rising: worse than linear" if " per " in ylabel or "per added" in ylabel
            else "on a log x axis linear growth bends upward")
    out.append(f'<text x="{w / 2}" y="{h + 44}" text-anchor="middle" font-size="10" fill="#555">{note}</text>')
    out.append(f'<text transform="translate(-38,{h / 2}) rotate(-90)" text-anchor="middle" font-size="11">{ylabel}</text>')
    for i, (name, color, pts) in enumerate(lines):
        pts = [(x, y) for x, y in pts if y is not None]
        if not pts:
            continue
        d = " ".join(f"{lx(x):.1f},{ly(y):.1f}" for x, y in pts)
        out.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, y in pts:
            out.append(f'<circle cx="{lx(x):.1f}" cy="{ly(y):.1f}" r="3" fill="{color}"/>')
        out.append(f'<rect x="8" y="{8 + 14 * i}" width="10" height="3" fill="{color}"/>')
        out.append(f'<text x="22" y="{12 + 14 * i}" font-size="10">{name}</text>')
    out.append("</g>")
    return out


S = series.get
G = lambda what, label: next((pts for w, l, pts in growth if w == what and l == label), [])


def per_unit(what, label, scale=1.0):
    """Each segment's cost per added unit, at the segment's end: flat is linear, rising is worse."""
    pts = G(what, label)
    return [(b[0], (b[1] - a[1]) / (b[0] - a[0]) * scale) for a, b in zip(pts, pts[1:])]


W, H = 300, 200
cells = [
    ("Adding domains: cost per added domain", "domains after the incremental deploy", "seconds per domain",
     [("deploy wall, above a no-op", "#d62728", per_unit("domains", "incremental deploy wall s")),
      ("host time outside tasks (re-probes)", "#ff9896", per_unit("domains", "incremental deploy outside tasks s")),
      ("controller CPU", "#ff7f0e", per_unit("domains", "incremental deploy CPU s"))]),
    ("Adding users: cost per added user", "users after the incremental deploy", "seconds per user",
     [("deploy wall, above a no-op", "#d62728", per_unit("users", "incremental deploy wall s")),
      ("host time outside tasks (re-probes)", "#ff9896", per_unit("users", "incremental deploy outside tasks s")),
      ("controller CPU", "#ff7f0e", per_unit("users", "incremental deploy CPU s"))]),
    ("One host: no-op wall", "domains or users", "seconds",
     [("growing domains (5 users)", "#2ca02c", S("domains: no-op wall", [])),
      ("growing users (1 domain)", "#9467bd", S("users: no-op wall", []))]),
    ("Deploy bytes sent per added unit", "domains or users after the deploy", "KiB per added unit",
     [("per added domain", "#2ca02c", per_unit("domains", "incremental deploy bytes sent", 1 / 1024)),
      ("per added user", "#9467bd", per_unit("users", "incremental deploy bytes sent", 1 / 1024))]),
    ("Controller: no-op against N hosts", "hosts", "seconds",
     [("CPU (user+sys)", "#ff7f0e", S("hosts: no-op CPU s", [])),
      ("wall", "#1f77b4", S("hosts: no-op wall s", []))]),
    ("Controller: peak memory", "hosts", "max RSS MiB",
     [("peak RSS", "#8c564b", S("hosts: peak RSS MiB", []))]),
]
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="760" height="880" font-family="sans-serif" font-size="12">',
       '<rect width="100%" height="100%" fill="white"/>',
       f'<text x="380" y="22" text-anchor="middle" font-size="15" font-weight="bold">mailpush cost curves '
       f'({meta.get("started", "")}, {meta.get("cores", "").split(" (")[0]} cores, shared machine)</text>']
for i, (title, xl, yl, lines) in enumerate(cells):
    svg += panel(70 + (i % 2) * 370, 60 + (i // 2) * 280, W, H, title, xl, yl, lines)
svg.append("</svg>")
with open(svg_path, "w") as fh:
    fh.write("\n".join(svg) + "\n")
p(f"![cost curves]({os.path.basename(svg_path)})")
# The reading of the figures (which term grows and why) is written by hand for the run it names,
# kept beside this script so that a re-run keeps it (and shows its date, to be checked against).
reading = os.path.join(os.path.dirname(os.path.abspath(__file__)), "curves-reading.md")
if os.path.exists(reading):
    p()
    p(open(reading).read().rstrip())
