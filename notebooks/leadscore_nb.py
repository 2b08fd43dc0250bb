"""What the notebooks share: their settings (environment variables) and the calls to the leadscore CLI.

Python here has no Delta reader, so data comes from `leadscore sql --format json` (several queries in one
call: one JVM start each notebook, ~10 s) and `leadscore runs --json` (no Spark, ~2 s).

Environment variables (all optional):
  LEADSCORE_HOME          the repository root (default: the folder above this file)
  LEADSCORE_CMD           the leadscore command (default: "$LEADSCORE_HOME/bin/leadscore")
  LEADSCORE_CONF          configuration file (default: conf/local.conf, relative to LEADSCORE_HOME)
  LEADSCORE_STORAGE_ROOT  overrides leadscore.storage.root (default: the configuration's)
  BATCH_DATE              YYYY-MM-DD, or "latest" (default)
"""
import json
import os
import pathlib
import re
import shlex
import subprocess

import pandas as pd

HOME = pathlib.Path(os.environ.get('LEADSCORE_HOME') or pathlib.Path(__file__).resolve().parent.parent)
CMD = os.environ.get('LEADSCORE_CMD') or str(HOME / 'bin' / 'leadscore')
CONF = os.environ.get('LEADSCORE_CONF') or 'conf/local.conf'
STORAGE_ROOT = os.environ.get('LEADSCORE_STORAGE_ROOT') or ''
BATCH_DATE = (os.environ.get('BATCH_DATE') or 'latest').strip()
if BATCH_DATE != 'latest' and not re.fullmatch(r'\d{4}-\d{2}-\d{2}', BATCH_DATE):
    raise ValueError(f"BATCH_DATE={BATCH_DATE!r}: use YYYY-MM-DD or 'latest'")


def storage_root():
    """The lakehouse folder, for the few files that are not tables (run artifacts, the leakage report)."""
    root = STORAGE_ROOT or 'lakehouse'  # conf/local.conf's storage.root, relative to the repository
    return pathlib.Path(root) if pathlib.Path(root).is_absolute() else HOME / root


def leadscore(*args):
    """Runs one leadscore command from the repository root; its stdout, or an error with its stderr."""
    cmd = shlex.split(CMD) + list(args) + ['--conf', CONF]
    if STORAGE_ROOT:
        cmd += ['--set', f'leadscore.storage.root={STORAGE_ROOT}']
    p = subprocess.run(cmd, cwd=HOME, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f'`leadscore {" ".join(args[:1])}` exited {p.returncode}:\n{p.stderr[-3000:]}')
    return p.stdout


def sql(*queries):
    """One DataFrame per query (a single DataFrame for one query), all from one `leadscore sql` call."""
    results = json.loads(leadscore('sql', '--format', 'json', *queries))
    frames = [pd.DataFrame(r) for r in (results if len(queries) > 1 else [results])]
    return frames if len(queries) > 1 else frames[0]


def runs():
    """The recorded training runs, oldest first, as a list of dicts (metrics, series, params, tags)."""
    return sorted(json.loads(leadscore('runs', '--json', '--limit', '100000')), key=lambda r: r['finished'])


def date_sql(column, table):
    """The batch date as SQL: a date literal, or the latest `column` of `table` when BATCH_DATE is "latest"."""
    return f"date'{BATCH_DATE}'" if BATCH_DATE != 'latest' else f'(select max({column}) from {table})'
