"""Does a small model learned from labeled answers grade an unseen imported deck better?

    python bench/fit_derived.py [--rows FILE] [--refresh] [--c C] [--show-weights]

Needs scikit-learn in the bench's venv only (`.venv/bin/pip install scikit-learn`);
the game never imports it.

For every labeled answer of every real deck of bench/data/decks (imported as
published, format detected, its first file) and of SAF's calibration split,
records what the derived-deck grader already works out (its verdict and which
of its steps decided it, essential and whole coverage, the reference's words
said and their precision, the similarity of the two stem sequences, points
required / found / contradicted, a yes-or-no question) and what rapidfuzz gives
cheaply on the raw texts (token_set_ratio, partial_ratio, WRatio, ratio) and
the lengths of answer and reference. The rows are kept in --rows (recorded
again with --refresh, or when the grader's source changed).

Then it fits a multinomial logistic regression on those features (standardized,
L2, each deck and SAF weighted alike) and grades LEAVE-ONE-DECK-OUT: for each
real deck, fitted on the 13 others and SAF, graded on that deck. The model
decides only where the grader's blend decided (a step of evidence against the
answer, a rival card, a denial ... stand; `--every-path` lets it overrule
those too). Three policies: "learned", the model's verdict; "guarded", the
model overrules the grader only when its probability passes two thresholds
(a move to correct, any other move); "lifted", it only lifts a verdict one
step. The two policies' thresholds are chosen by leave-one-deck-out within
the 13 training decks (never on the held-out one), over-grading held no
higher than the grader's. It prints per deck three-way agreement,
over-grading (graded correct, labeled partial or incorrect, % of all answers)
and under-grading (graded incorrect, labeled correct or partial) of each,
beside the current grader's and the fitted token_set_ratio baseline's
(thresholds fitted on that deck's own answers, as bench/real_decks.py does:
an optimistic floor). A few CPU minutes (`--no-guard`: a minute), once the
rows are recorded (half a minute). Figures: bench/FIGURES.md (cal19).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from rapidfuzz import fuzz, utils  # noqa: E402
from real_decks import DATA, DECKS, card_ids, fitted_baseline  # noqa: E402
from saf import import_saf, questions  # noqa: E402

from mlquiz.core.decks.importing.build import import_deck  # noqa: E402
from mlquiz.core.grading.answer import Answer  # noqa: E402
from mlquiz.core.grading.choice import YES_NO_QUESTION  # noqa: E402
from mlquiz.core.grading.derive.clean import clean_text  # noqa: E402
from mlquiz.core.grading.derived import answer_stems  # noqa: E402
from mlquiz.core.grading.derived_steps import decides  # noqa: E402
from mlquiz.core.grading.evidence import Evidence  # noqa: E402
from mlquiz.core.grading.grader import Grader  # noqa: E402
from mlquiz.core.grading.judge import decide  # noqa: E402
from mlquiz.core.verdicts import FOUND  # noqa: E402

LABELS = ("incorrect", "partial", "correct")
SAF_SET = "saf-calibrate"
ROWS = Path(tempfile.gettempdir()) / "mlquiz-fit-derived-rows.json"

# Which path of `derived._judge_derived` (or `Grader._grade`) gave the verdict,
# told from its first reason.
DECIDERS = (
    "reference",  # the card's own reference (consistency)
    "other_reference",  # another card's reference typed (consistency)
    "step",  # a standard step of evidence that stands on derived cards
    "formula",
    "echo",  # the reference in the question's words
    "swap",  # two terms' roles swapped
    "denial",
    "same_wording",
    "rival",  # answers another card
    "rival_part",
    "wrong_item",
    "blend",
)


def decider(reasons: tuple[str, ...], hard_step: bool, confusion: str | None) -> str:
    first = reasons[0] if reasons else ""
    table = (
        ("That is the reference answer.", "reference"),
        ("That is the answer to another question", "other_reference"),
        ("Says the reference answer.", "echo"),
        ("The reference says otherwise", "denial"),
        ("That answers another question", "rival"),
        ("Part of the answer; the rest answers another question", "rival_part"),
    )
    for opening, name in table:
        if first.startswith(opening):
            return name
    if "is not one of them: one wrong item" in first:
        return "wrong_item"
    if reasons == ("Close to the reference wording.",):
        return "same_wording"
    if "formula" in first.lower():
        return "formula"
    if confusion is not None and confusion == first:
        return "swap"
    if first.startswith(("Says the heart", "Says enough", "Part of the reference", "Too little")):
        return "blend"
    if first.startswith("None of the reference answer"):
        return "blend"
    return "step" if hard_step else "blend"


def record(grader: Grader, card_id: str, answer: str, label: str, deck: str) -> dict:
    compiled = grader.cards[card_id]
    card = compiled.card
    ev = Evidence(compiled, answer, Answer(grader.reader.tokens(answer)), grader.cross)
    step, decision = decide(ev)
    hard = decides(step.__name__, ev, grader.derived)
    in_order = answer_stems(ev, grader.derived)
    stems = set(in_order)
    m = grader.derived.measure(compiled, stems, " ".join(in_order))
    graded = grader.grade(card_id, answer)
    required = [p for p in graded.points if p.required]
    found = [p for p in graded.points if p.status == FOUND]
    asked = {t.stem for t in ev.answer.content_tokens} - stems
    essential = [
        c for c, cp in zip(m.point_cover, compiled.points, strict=True) if cp.point.required
    ]
    ref = card.answer
    p = utils.default_process
    first = re.split(r"(?<=[.!?])\s|\n", clean_text(ref).strip(), maxsplit=1)[0]
    ref_stems = {s for t in grader.derived.terms(compiled).words for s in t}
    return {
        "deck": deck,
        "label": label,
        "verdict": str(graded.verdict),
        "score": graded.score,
        "decider": decider(graded.reasons, hard, graded.confusion),
        "step": step.__name__,
        "step_verdict": str(decision.verdict),
        "hard_step": hard,
        "cover": m.cover,
        "cover_all": m.cover_all,
        "similarity": m.similarity,
        "words": m.words,
        "enough": m.enough,
        "precision": m.precision,
        "blend": m.blend,
        "lists_short": m.lists_short,
        "silenced": m.silenced,
        "essential_min": min(essential, default=0.0),
        "essential_max": max(essential, default=0.0),
        "tsr": fuzz.token_set_ratio(answer, ref, processor=p) / 100,
        "partial": fuzz.partial_ratio(answer, ref, processor=p) / 100,
        "wratio": fuzz.WRatio(answer, ref, processor=p) / 100,
        "ratio": fuzz.ratio(answer, ref, processor=p) / 100,
        "tsort": fuzz.token_sort_ratio(answer, ref, processor=p) / 100,
        "answer_words": len(answer.split()),
        "answer_content": len(in_order),
        "reference_words": len(ref.split()),
        "asked": len(asked),
        "required": len(required),
        "required_found": sum(p.status == FOUND for p in required),
        "found": len(found),
        "points": len(graded.points),
        "contradicted": len(graded.contradicted),
        "yes_no": bool(YES_NO_QUESTION.search(card.question)),
        "novel": sum(s not in ref_stems for s in stems) / max(len(stems), 1),
        "first_tsr": fuzz.token_set_ratio(answer, first, processor=p) / 100,
        "first_partial": fuzz.partial_ratio(answer, first, processor=p) / 100,
        "negators": sum(t.negator for t in ev.answer.tokens),
        "current_score": graded.score,
    }


def _rows_of(name: str) -> list[dict]:
    lines = (DATA / name / "answers.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def collect() -> list[dict]:
    out: list[dict] = []
    for name, (files, _held) in DECKS.items():
        path = DATA / name / files[0]
        if not path.exists():
            print(f"{name}: {path} is missing (see its SOURCE.md); left out", file=sys.stderr)
            continue
        rows = _rows_of(name)
        deck = import_deck(path).deck
        grader = Grader(deck)
        ids = card_ids(deck, rows)
        for r in rows:
            if r["card"] in ids:
                out.append(record(grader, ids[r["card"]], r["answer"], r["label"], name))
        print(f"recorded {name}", file=sys.stderr)
    items = questions("calibrate")
    result, ids_saf = import_saf(items)
    grader = Grader(result.deck)
    for item, card_id in zip(items, ids_saf, strict=True):
        for row in item["answers"]:
            out.append(record(grader, card_id, row["answer"], row["label"], SAF_SET))
    return out


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "mlquiz" / "core" / "grading").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_rows(path: Path, refresh: bool) -> list[dict]:
    key = source_hash()
    if path.exists() and not refresh:
        kept = json.loads(path.read_text())
        if kept.get("source") == key:
            return kept["rows"]
    rows = collect()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"source": key, "rows": rows}))
    return rows


# --------------------------------------------------------------------------
# Features and the deck-out fit


def features(row: dict) -> dict[str, float]:
    """One answer's features (names -> values), from a recorded row."""
    out: dict[str, float] = {}
    for v in ("partial", "correct"):
        out[f"verdict={v}"] = float(row["verdict"] == v)
        out[f"step_verdict={v}"] = float(row["step_verdict"] == v)
    for d in DECIDERS:
        if d != "blend":
            out[f"decider={d}"] = float(row["decider"] == d)
    for name in ("cover", "cover_all", "similarity", "precision", "blend"):
        out[name] = float(row[name])
    out["words_enough"] = min(row["words"], row["enough"]) / max(row["enough"], 1)
    out["words_log"] = math.log1p(row["words"])
    out["essential_min"] = row["essential_min"]
    out["essential_max"] = row["essential_max"]
    for name in ("tsr", "partial", "wratio", "ratio", "tsort"):
        out[name] = row[name]
    out["answer_len"] = math.log1p(row["answer_words"])
    out["reference_len"] = math.log1p(row["reference_words"])
    out["len_ratio"] = math.log1p(row["answer_words"]) - math.log1p(row["reference_words"])
    out["content_len"] = math.log1p(row["answer_content"])
    out["asked"] = math.log1p(row["asked"])
    out["required_found_share"] = row["required_found"] / max(row["required"], 1)
    out["required_log"] = math.log1p(row["required"])
    out["found_any"] = float(row["found"] > 0)
    out["contradicted_any"] = float(row["contradicted"] > 0)
    out["yes_no"] = float(row["yes_no"])
    out["lists_short"] = float(row["lists_short"])
    out["silenced"] = float(row["silenced"])
    for name in ("novel", "first_tsr", "first_partial", "current_score"):
        out[name] = float(row[name])
    out["negators"] = math.log1p(row["negators"])
    return out


def figures(labels: list[str], verdicts: list[str]) -> tuple[float, float, float]:
    n = len(labels) or 1
    agree = sum(a == b for a, b in zip(labels, verdicts, strict=True)) / n
    over = sum(v == "correct" and a != "correct" for a, v in zip(labels, verdicts, strict=True))
    under = sum(
        v == "incorrect" and a != "incorrect" for a, v in zip(labels, verdicts, strict=True)
    )
    return agree, over / n, under / n


def fit(rows: list[dict], c: float, balanced: bool = True):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    names = list(features(rows[0]))
    x = [[features(r)[k] for k in names] for r in rows]
    y = [LABELS.index(r["label"]) for r in rows]
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))
    # Each deck (and SAF) weighs as much as any other, however many answers it has.
    count: dict[str, int] = {}
    for r in rows:
        count[r["deck"]] = count.get(r["deck"], 0) + 1
    weights = [len(rows) / len(count) / count[r["deck"]] if balanced else 1.0 for r in rows]
    model.fit(x, y, logisticregression__sample_weight=weights)
    return names, model


def probabilities(names: list[str], model, rows: list[dict]) -> list[list[float]]:
    return [list(p) for p in model.predict_proba([[features(r)[k] for k in names] for r in rows])]


BLEND_ONLY = True  # the model decides only where the blend did: evidence against stands


def guarded(row: dict, probs: list[float], up: float, other: float, lift_only: bool = False) -> str:
    """The model's verdict where it is sure enough to overrule the grader's:
    at least `up` for a move to correct (over-grading costs most), `other`
    for any other move; else the grader's own verdict. `up` = `other` = 0 is
    the model's plain verdict. `lift_only`: the model only lifts, by one step
    (partial to correct at P(correct) >= `up`, incorrect to partial at
    P(partial) >= `other`), and never lowers a verdict."""
    if BLEND_ONLY and row["decider"] != "blend":
        return str(row["verdict"])
    if lift_only:
        if row["verdict"] == "partial" and probs[2] >= up:
            return "correct"
        if row["verdict"] == "incorrect" and probs[1] >= other:
            return "partial"
        return str(row["verdict"])
    best = max(range(3), key=lambda i: probs[i])
    new = LABELS[best]
    if new == row["verdict"]:
        return new
    need = up if new == "correct" else other
    return new if probs[best] >= need else row["verdict"]


GRID = [x / 20 for x in range(0, 21)]  # 0 ... 1: 1 keeps the grader's verdict


def choose(
    rows_probs: list[tuple[dict, list[float]]], lift_only: bool = False
) -> tuple[float, float]:
    """Thresholds with the best mean three-way over the given decks' answers,
    over-grading no higher than the grader's on their whole."""
    by_deck: dict[str, list[tuple[dict, list[float]]]] = {}
    for row, probs in rows_probs:
        by_deck.setdefault(row["deck"], []).append((row, probs))
    labels = [r["label"] for r, _ in rows_probs]
    current_over = figures(labels, [r["verdict"] for r, _ in rows_probs])[1]
    best = (-1.0, 1.0, 1.0)
    for up in GRID:
        for other in GRID:
            verdicts = [guarded(r, p, up, other, lift_only) for r, p in rows_probs]
            if figures(labels, verdicts)[1] > current_over:
                continue
            mean = sum(
                figures(
                    [r["label"] for r, _ in group],
                    [guarded(r, p, up, other, lift_only) for r, p in group],
                )[0]
                for group in by_deck.values()
            ) / len(by_deck)
            if mean > best[0] + 1e-9:
                best = (mean, up, other)
    return best[1], best[2]


def deck_out(rows: list[dict], c: float, nested: bool) -> dict[str, dict]:
    """Leave-one-deck-out figures; `nested`: the guard's thresholds are chosen
    by leave-one-deck-out within the 13 training decks (never on the held one)."""
    decks = [d for d in dict.fromkeys(r["deck"] for r in rows) if d != SAF_SET]
    report = {}
    for held in decks:
        train = [r for r in rows if r["deck"] != held]
        test = [r for r in rows if r["deck"] == held]
        names, model = fit(train, c)
        probs = probabilities(names, model, test)
        labels = [r["label"] for r in test]
        plain = figures(labels, [guarded(r, p, 0.0, 0.0) for r, p in zip(test, probs, strict=True)])
        thresholds = lifts = (1.0, 1.0)
        if nested:
            inner: list[tuple[dict, list[float]]] = []
            for other in decks:
                if other == held:
                    continue
                inner_test = [r for r in train if r["deck"] == other]
                names_i, model_i = fit([r for r in train if r["deck"] != other], c)
                inner.extend(
                    zip(inner_test, probabilities(names_i, model_i, inner_test), strict=True)
                )
            thresholds, lifts = choose(inner), choose(inner, lift_only=True)
        guard = figures(
            labels, [guarded(r, p, *thresholds) for r, p in zip(test, probs, strict=True)]
        )
        lifted = figures(
            labels, [guarded(r, p, *lifts, True) for r, p in zip(test, probs, strict=True)]
        )
        current = figures(labels, [r["verdict"] for r in test])
        base = fitted_baseline([100 * r["tsr"] for r in test], labels)[0]
        report[held] = {
            "n": len(test),
            "current": current,
            "learned": plain,
            "guarded": guard,
            "thresholds": thresholds,
            "lifted": lifted,
            "lifts": lifts,
            "baseline": base,
        }
    return report


def print_table(report: dict[str, dict]) -> None:
    kinds = ("current", "learned", "guarded", "lifted")
    print(
        f"{'deck':<33}{'n':>4}  "
        + "  ".join(f"{k + ' 3-way/over/under':>23}" for k in kinds)
        + f"  {'tsr base':>8}  guard / lift thresholds"
    )
    sums = {k: [0.0, 0.0, 0.0] for k in kinds}
    for deck, r in report.items():
        cells = []
        for k in kinds:
            a, o, u = r[k]
            cells.append(f"{a:>9.3f} {o:>6.1%} {u:>6.1%}")
            for i, v in enumerate(r[k]):
                sums[k][i] += v
        up, other = r["thresholds"]
        lift_up, lift_other = r["lifts"]
        print(
            f"{deck:<33}{r['n']:>4}  "
            + "  ".join(cells)
            + f"  {r['baseline']:>8.3f}  {up:.2f}/{other:.2f} {lift_up:.2f}/{lift_other:.2f}"
        )
    k_ = len(report) or 1
    cells = [f"{s[0] / k_:>9.3f} {s[1] / k_:>6.1%} {s[2] / k_:>6.1%}" for s in sums.values()]
    base = sum(r["baseline"] for r in report.values()) / k_
    print(f"{'mean':<33}{'':>4}  " + "  ".join(cells) + f"  {base:>8.3f}")
    for k in ("learned", "guarded", "lifted"):
        gain = (sums[k][0] - sums["current"][0]) / k_
        worst = min(r[k][0] - r["current"][0] for r in report.values())
        print(f"{k}: mean three-way gain {gain:+.3f}; worst deck {worst:+.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, default=ROWS, help="where the recorded rows are kept")
    parser.add_argument("--refresh", action="store_true", help="record the rows again")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument(
        "--no-guard", action="store_true", help="skip the nested choice of the guard (faster)"
    )
    parser.add_argument("--show-weights", action="store_true")
    parser.add_argument(
        "--every-path", action="store_true", help="the model also overrules evidence against"
    )
    args = parser.parse_args()
    global BLEND_ONLY
    BLEND_ONLY = not args.every_path
    rows = load_rows(args.rows, args.refresh)
    print(f"{len(rows)} answers ({sum(r['deck'] == SAF_SET for r in rows)} SAF)")
    print_table(deck_out(rows, args.c, not args.no_guard))
    if args.show_weights:
        names, model = fit(rows, args.c)
        coef = model[-1].coef_
        print("weights (standardized features): incorrect / partial / correct")
        for j in sorted(range(len(names)), key=lambda j: -abs(coef[2][j] - coef[0][j])):
            print(f"  {names[j]:<22} " + " ".join(f"{coef[k][j]:+.2f}" for k in range(3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
