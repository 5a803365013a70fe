"""Grade values (and the judge's decisions): their hand-written constructors (for
speed, see grading/results.py) take exactly the dataclass fields and make values
that behave as dataclasses do."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from mlquiz.core.grading.judge import Decision
from mlquiz.core.grading.results import GradeResult, PointResult
from mlquiz.core.verdicts import FOUND, MISSED, Verdict


@pytest.mark.parametrize("cls", [PointResult, GradeResult, Decision])
def test_constructor_takes_every_field_in_order_with_its_default(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        unset = field.default is dataclasses.MISSING
        assert parameter.default == (inspect.Parameter.empty if unset else field.default)


def test_values_are_frozen_compared_hashed_and_replaced_as_dataclasses() -> None:
    point = PointResult("logs params", FOUND, (0, 4), True, "logs", "")
    assert point == PointResult("logs params", FOUND, (0, 4), True, words="logs")
    assert hash(point) == hash(PointResult("logs params", FOUND, (0, 4), True, "logs"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.words = "x"  # type: ignore[misc]
    grade = GradeResult(Verdict.PARTIAL, 0.5, (point,), "logs it", reasons=("Missing: x.",))
    assert grade.confusion is None and grade.notes == () and grade.false_claim is None
    assert grade.found == ["logs params"] and grade.missed == []
    again = dataclasses.replace(grade, verdict=Verdict.CORRECT, score=1.0)
    assert again.verdict == Verdict.CORRECT and again.points == grade.points
    assert dataclasses.asdict(again)["points"][0]["span"] == (0, 4)
    missed = PointResult("registry", MISSED, None, True)
    assert missed.words == missed.via == "" and "span=None, required=True" in repr(missed)
