"""Does a meaning-level similarity (sentence embeddings) grade imported decks better?

    python bench/semantic_fit.py texts OUT.json        # the texts to embed
    python bench/semantic_fit.py fit --static S.npy --transformer T.npy [--texts OUT.json]

Needs scikit-learn and numpy in the bench's venv only. The embeddings come
from bench/embed_texts.py, run in a scratch venv (PyTorch for the transformer):
(a) a static model distilled from all-MiniLM-L6-v2 with model2vec
(bench/distill_static.py), (b) all-MiniLM-L6-v2 itself, the upper bound.

Rows: every labeled answer of every real deck of bench/real_decks.py and SAF's
calibration split, recorded as bench/fit_derived.py records them (46 lexical
features: the grader's verdict and path, coverage, rapidfuzz ratios ...), with
the answer's and reference's texts. Added per model, cosine similarity of the
answer to: the whole reference (markup stripped), its first sentence, and the
best of its sentences.

Two measures:
1. Deck-out, as cal19 did: for each real deck, the logistic model fitted on
   every other deck and SAF grades it (it decides only where the grader's
   blend decided). Feature sets: lexical only (cal19), + static, + transformer.
2. TUNE -> CHECK: policies chosen on the TUNE decks only and measured on the
   CHECK decks. "simple": where the blend decided, lift partial to correct at
   similarity >= a, incorrect to partial at >= b, lower correct to partial
   below c (a, b, c and which of the three similarities: the best mean
   three-way on TUNE with over-grading no higher than the grader's there).
   "guarded": the logistic model fitted on TUNE (+ SAF), its two thresholds
   chosen by leave-one-deck-out inside TUNE (fit_derived's `choose`).
Figures per deck: three-way, over-grading (graded correct while labeled
partial or incorrect, % of the deck's answers), under-grading (graded
incorrect while labeled correct or partial), beside the current grader and the
fitted token_set_ratio baseline; first, each signal's ROC AUC alone. About 12
CPU-light minutes on a loaded machine (most of it the deck-out fits).
Figures: bench/FIGURES.md (sem15).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
from fit_derived import (  # noqa: E402
    LABELS,
    SAF_SET,
    _rows_of,
    choose,
    features,
    figures,
    fit,
    guarded,
    probabilities,
    record,
    source_hash,
)
from real_decks import DATA, DECKS, card_ids, fitted_baseline  # noqa: E402
from saf import import_saf, questions  # noqa: E402

from mlquiz.core.decks.importing.build import import_deck  # noqa: E402
from mlquiz.core.grading.derive.clean import clean_text  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402

ROWS = Path(tempfile.gettempdir()) / "mlquiz-semantic-rows.json"
TUNE = (
    "gdg-ai-systems",
    "iamtodor-ds-interview",
    "badiaamakhlouf-mlfund",
    "tsilva-mochi-aiml",
    "rohanmistry231-ml-interview-qa",
    "sepidehhosseinian-mlops-general",
    "alexeygrigorev-ds-theory",
    "miguelfg-databricks-sql-concepts",
    "dkritz-sql-dwh",
    "keronuts-aws-cloud-practitioner",
    "ldebrot-statistics",
    "bregman-arie-aws-cloud-practitioner",
)
SIMS = ("whole", "first", "best")


def sentences(reference: str) -> list[str]:
    """The reference without markup, cut into sentences and lines."""
    text = clean_text(reference).strip()
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if len(p.strip()) > 1] or [text or reference]


def _with_texts(row: dict, grader: Grader, card_id: str, answer: str) -> dict:
    reference = grader.cards[card_id].card.answer
    row["answer"] = answer
    row["reference"] = clean_text(reference).strip() or reference
    row["sentences"] = sentences(reference)
    return row


def collect() -> list[dict]:
    out: list[dict] = []
    for name, (files, _held) in DECKS.items():
        path = DATA / name / files[0]
        if not path.exists():
            print(f"{name}: {path} is missing; left out", file=sys.stderr)
            continue
        rows = _rows_of(name)
        deck = import_deck(path).deck
        grader = Grader(deck)
        ids = card_ids(deck, rows)
        for r in rows:
            if r["card"] in ids:
                cid = ids[r["card"]]
                row = record(grader, cid, r["answer"], r["label"], name)
                out.append(_with_texts(row, grader, cid, r["answer"]))
        print(f"recorded {name}", file=sys.stderr)
    items = questions("calibrate")
    result, ids_saf = import_saf(items)
    grader = Grader(result.deck)
    for item, card_id in zip(items, ids_saf, strict=True):
        for a in item["answers"]:
            row = record(grader, card_id, a["answer"], a["label"], SAF_SET)
            out.append(_with_texts(row, grader, card_id, a["answer"]))
    return out


def load_rows(path: Path = ROWS) -> list[dict]:
    key = source_hash()
    if path.exists():
        kept = json.loads(path.read_text())
        if kept.get("source") == key:
            return kept["rows"]
    rows = collect()
    path.write_text(json.dumps({"source": key, "rows": rows}))
    return rows


def texts_of(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        seen[r["answer"]] = None
        seen[r["reference"]] = None
        for s in r["sentences"]:
            seen[s] = None
    return list(seen)


def add_similarities(rows: list[dict], texts: list[str], vectors, model: str) -> None:
    """Cosines per row; `{model}_contrast` (the separation table only): to the
    own reference minus to the nearest other reference of the deck's labeled
    cards, a meaning-level "answers this card rather than another"."""
    index = {t: i for i, t in enumerate(texts)}
    references: dict[str, set[str]] = {}
    for r in rows:
        references.setdefault(r["deck"], set()).add(r["reference"])
    for r in rows:
        a = vectors[index[r["answer"]]]
        sims = [float(a @ vectors[index[s]]) for s in r["sentences"]]
        r[f"{model}_whole"] = float(a @ vectors[index[r["reference"]]])
        r[f"{model}_first"] = sims[0]
        r[f"{model}_best"] = max(sims)
        others = [
            float(a @ vectors[index[t]]) for t in references[r["deck"]] if t != r["reference"]
        ]
        r[f"{model}_contrast"] = r[f"{model}_whole"] - max(others, default=0.0)


def featurer(models: tuple[str, ...]):
    def f(row: dict) -> dict[str, float]:
        out = features(row)
        for m in models:
            for s in SIMS:
                out[f"{m}_{s}"] = row[f"{m}_{s}"]
        return out

    return f


# --------------------------------------------------------------------------
# Figures


def per_deck(rows: list[dict], verdicts: list[str]) -> dict[str, tuple[float, float, float]]:
    by: dict[str, tuple[list[str], list[str]]] = {}
    for r, v in zip(rows, verdicts, strict=True):
        labels, got = by.setdefault(r["deck"], ([], []))
        labels.append(r["label"])
        got.append(v)
    return {d: figures(a, b) for d, (a, b) in by.items()}


def mean(table: dict[str, tuple[float, float, float]]) -> tuple[float, float, float]:
    k = len(table) or 1
    return tuple(sum(v[i] for v in table.values()) / k for i in range(3))  # type: ignore[return-value]


def with_features(f):
    """fit_derived's fit/probabilities read `features`; swap it for `f`."""
    import fit_derived

    fit_derived.features = f


def deck_out(rows: list[dict], models: tuple[str, ...]) -> dict[str, tuple]:
    with_features(featurer(models))
    decks = [d for d in dict.fromkeys(r["deck"] for r in rows) if d != SAF_SET]
    out = {}
    for held in decks:
        train = [r for r in rows if r["deck"] != held]
        test = [r for r in rows if r["deck"] == held]
        names, model = fit(train, 1.0)
        probs = probabilities(names, model, test)
        out[held] = figures(
            [r["label"] for r in test],
            [guarded(r, p, 0.0, 0.0) for r, p in zip(test, probs, strict=True)],
        )
    return out


def simple_verdicts(verdict, blend, sim, a: float, b: float, c: float):
    new = verdict.copy()
    new[blend & (verdict == 1) & (sim >= a)] = 2
    new[blend & (verdict == 0) & (sim >= b)] = 1
    new[blend & (verdict == 2) & (sim < c)] = 1
    return new


def arrays(rows: list[dict]):
    order = {"incorrect": 0, "partial": 1, "correct": 2}
    label = np.array([order[r["label"]] for r in rows])
    verdict = np.array([order[r["verdict"]] for r in rows])
    blend = np.array([r["decider"] == "blend" for r in rows])
    decks = sorted({r["deck"] for r in rows})
    deck = np.array([decks.index(r["deck"]) for r in rows])
    return label, verdict, blend, deck, len(decks)


def choose_simple(rows: list[dict], model: str) -> tuple[str, float, float, float]:
    label, verdict, blend, deck, k = arrays(rows)
    counts = np.bincount(deck, minlength=k)
    current_over = np.mean((verdict == 2) & (label != 2))
    grid = np.round(np.arange(0.2, 1.0001, 0.025), 3)
    best = (-1.0, "whole", 2.0, 2.0, -1.0)
    for s in SIMS:
        sim = np.array([r[f"{model}_{s}"] for r in rows])
        for c in [-1.0, *grid[:16]]:
            for a in grid:
                for b in grid:
                    new = simple_verdicts(verdict, blend, sim, a, b, c)
                    if np.mean((new == 2) & (label != 2)) > current_over + 1e-12:
                        continue
                    agree = np.bincount(deck, weights=(new == label), minlength=k) / counts
                    m = float(agree.mean())
                    if m > best[0] + 1e-9:
                        best = (m, s, float(a), float(b), float(c))
    return best[1], best[2], best[3], best[4]


def tune_check(rows: list[dict], model: str | None) -> dict:
    tune = [r for r in rows if r["deck"] in TUNE]
    check = [r for r in rows if r["deck"] not in TUNE and r["deck"] != SAF_SET]
    out: dict = {}
    if model is not None:
        s, a, b, c = choose_simple(tune, model)
        label, verdict, blend, _deck, _k = arrays(check)
        sim = np.array([r[f"{model}_{s}"] for r in check])
        new = simple_verdicts(verdict, blend, sim, a, b, c)
        out["simple"] = per_deck(check, [LABELS[i] for i in new])
        out["simple_rule"] = (s, a, b, c)
    models = (model,) if model else ()
    with_features(featurer(models))
    train = tune + [r for r in rows if r["deck"] == SAF_SET]
    inner: list[tuple[dict, list[float]]] = []
    for d in TUNE:
        held = [r for r in tune if r["deck"] == d]
        names_i, model_i = fit([r for r in train if r["deck"] != d], 1.0)
        inner.extend(zip(held, probabilities(names_i, model_i, held), strict=True))
    up, other = choose(inner)
    names, fitted = fit(train, 1.0)
    probs = probabilities(names, fitted, check)
    out["guarded"] = per_deck(
        check, [guarded(r, p, up, other) for r, p in zip(check, probs, strict=True)]
    )
    out["learned"] = per_deck(
        check, [guarded(r, p, 0.0, 0.0) for r, p in zip(check, probs, strict=True)]
    )
    out["guard"] = (up, other)
    return out


def separation(real: list[dict]) -> None:
    """How well each signal alone tells the labels apart (ROC AUC), on every
    answer and where it matters: among answers the grader's blend graded
    incorrect (can it find the labeled-right ones?) and partial."""
    from sklearn.metrics import roc_auc_score

    signals = (
        "tsr",
        "blend",
        "static_whole",
        "static_best",
        "static_contrast",
        "mini_whole",
        "mini_best",
        "mini_contrast",
    )
    cases = (
        ("correct vs rest, all", real, lambda r: r["label"] == "correct"),
        ("incorrect vs rest, all", real, lambda r: r["label"] == "incorrect"),
        (
            "graded incorrect (blend): labeled correct/partial",
            [r for r in real if r["verdict"] == "incorrect" and r["decider"] == "blend"],
            lambda r: r["label"] != "incorrect",
        ),
        (
            "graded partial (blend): labeled correct",
            [r for r in real if r["verdict"] == "partial" and r["decider"] == "blend"],
            lambda r: r["label"] == "correct",
        ),
    )
    print("\nROC AUC of each signal alone: " + " ".join(f"{s:>12}" for s in signals))
    for title, rows, positive in cases:
        y = [positive(r) for r in rows]
        aucs = [roc_auc_score(y, [r[s] for r in rows]) for s in signals]
        print(
            f"  {title:<50} (n={len(rows):>4}, {sum(y):>4} pos) "
            + " ".join(f"{a:>12.3f}" for a in aucs)
        )


def cell(f: tuple[float, float, float]) -> str:
    return f"{f[0]:.3f} / {f[1]:.1%} / {f[2]:.1%}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("texts")
    t.add_argument("out", type=Path)
    f = sub.add_parser("fit")
    f.add_argument("--texts", type=Path, default=Path(tempfile.gettempdir()) / "sem-texts.json")
    f.add_argument("--static", type=Path, required=True)
    f.add_argument("--transformer", type=Path, required=True)
    f.add_argument("--separation-only", action="store_true", help="only the ROC AUC table")
    args = parser.parse_args()
    rows = load_rows()
    if args.cmd == "texts":
        args.out.write_text(json.dumps(texts_of(rows)))
        print(f"{len(rows)} rows, {len(texts_of(rows))} texts -> {args.out}")
        return 0
    texts = json.loads(args.texts.read_text())
    add_similarities(rows, texts, np.load(args.static), "static")
    add_similarities(rows, texts, np.load(args.transformer), "mini")
    real = [r for r in rows if r["deck"] != SAF_SET]
    current = per_deck(real, [r["verdict"] for r in real])
    base = {
        d: fitted_baseline(
            [100 * r["tsr"] for r in real if r["deck"] == d],
            [r["label"] for r in real if r["deck"] == d],
        )[0]
        for d in current
    }
    # Each similarity alone: how far apart are the labels?
    print("mean similarity by label (whole / first / best):")
    for m in ("static", "mini"):
        for lab in ("correct", "partial", "incorrect"):
            vals = [[r[f"{m}_{s}"] for r in real if r["label"] == lab] for s in SIMS]
            print(f"  {m:<6} {lab:<9} " + " / ".join(f"{np.mean(v):.3f}" for v in vals))
    separation(real)
    if args.separation_only:
        return 0
    print("\n1. deck-out, learned (plain model): three-way / over / under")
    outs = {
        name: deck_out(rows, ms)
        for name, ms in (("lexical", ()), ("static", ("static",)), ("mini", ("mini",)))
    }
    print(f"{'deck':<36}{'current':>24}{'lexical':>24}{'+static':>24}{'+transformer':>24}  base")
    for d in current:
        print(
            f"{d:<36}{cell(current[d]):>24}"
            + "".join(f"{cell(outs[k][d]):>24}" for k in outs)
            + f"  {base[d]:.3f}"
        )
    print(
        f"{'mean':<36}{cell(mean(current)):>24}"
        + "".join(f"{cell(mean(outs[k])):>24}" for k in outs)
        + f"  {np.mean(list(base.values())):.3f}"
    )
    for k in outs:
        worst = min(outs[k][d][0] - current[d][0] for d in current)
        print(f"  {k}: gain {mean(outs[k])[0] - mean(current)[0]:+.3f}, worst deck {worst:+.3f}")

    print("\n2. TUNE -> CHECK")
    res = {
        name: tune_check(rows, m)
        for name, m in (("lexical", None), ("static", "static"), ("mini", "mini"))
    }
    cols = [
        ("lexical", "guarded"),
        ("static", "simple"),
        ("static", "guarded"),
        ("mini", "simple"),
        ("mini", "guarded"),
    ]
    check = [d for d in current if d not in TUNE]
    print(
        f"{'deck':<36}{'current':>24}" + "".join(f"{m + ' ' + p:>24}" for m, p in cols) + "  base"
    )
    for d in check:
        print(
            f"{d:<36}{cell(current[d]):>24}"
            + "".join(f"{cell(res[m][p][d]):>24}" for m, p in cols)
            + f"  {base[d]:.3f}"
        )
    cur = mean({d: current[d] for d in check})
    print(
        f"{'mean':<36}{cell(cur):>24}"
        + "".join(f"{cell(mean(res[m][p])):>24}" for m, p in cols)
        + f"  {np.mean([base[d] for d in check]):.3f}"
    )
    for m, p in cols:
        worst = min(res[m][p][d][0] - current[d][0] for d in check)
        print(f"  {m} {p}: gain {mean(res[m][p])[0] - cur[0]:+.3f}, worst deck {worst:+.3f}")
    for m in ("static", "mini"):
        print(
            f"  {m} simple rule (sim, lift to correct, lift to partial, lower below):",
            res[m]["simple_rule"],
        )
    for m in res:
        print(f"  {m} guard thresholds:", res[m]["guard"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
