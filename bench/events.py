"""mailpush's --json output, one event per line: the parsed events of a run's log (lines that are
not JSON, such as a stray warning, are skipped). Shared by report.py and curves.py."""
import json


def events(path):
    with open(path, errors="replace") as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                continue
