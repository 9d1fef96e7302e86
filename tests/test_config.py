"""transforms.core.config: validation, fingerprint and round trip of the one frozen config."""

from __future__ import annotations

import dataclasses
import json

import pytest

from transforms.core.config import MatchConfig, VerifyConfig, ViewConfig

BASE = MatchConfig()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MatchConfig(scheme="affine64"), r"scheme must be one of \('affine32',\), got 'affine64'"),
        (lambda: MatchConfig(char_ngram=1), r"char_ngram must be in \[2, 12\], got 1"),
        (lambda: MatchConfig(char_ngram=13), r"char_ngram must be in \[2, 12\], got 13"),
        (lambda: MatchConfig(lead_words=9), r"lead_words must be >= 10, got 9"),
        (lambda: MatchConfig(views=()), r"views must be non-empty and distinct"),
        (
            lambda: MatchConfig(views=(ViewConfig("chars", 2, 2), ViewConfig("chars", 4, 1))),
            r"views must be non-empty and distinct, got \['chars', 'chars'\]",
        ),
        (lambda: MatchConfig(max_bucket=1), r"max_bucket must be >= 2, got 1"),
        (lambda: MatchConfig(min_chars=0), r"min_chars"),
        (lambda: MatchConfig(min_chars=100, max_chars=100), r"min_chars < max_chars"),
        (lambda: MatchConfig(cc_rounds=0), r"cc_rounds must be >= 1"),
        (lambda: ViewConfig("shingles", 2, 2), r"view name must be one of .*got 'shingles'"),
        (lambda: ViewConfig("chars", 0, 5), r"view chars: bands and rows must be >= 1, got 0 x 5"),
        (lambda: ViewConfig("lead", 4, 0), r"view lead: bands and rows must be >= 1, got 4 x 0"),
        (lambda: VerifyConfig(min_score=1.5), r"min_score must be in \[0.0, 1.0\], got 1.5"),
        (lambda: VerifyConfig(strong_score=-0.1), r"strong_score must be in \[0.0, 1.0\]"),
        (
            lambda: VerifyConfig(translation_anchor_overlap=2.0),
            r"translation_anchor_overlap must be in \[0.0, 1.0\]",
        ),
        (lambda: VerifyConfig(min_score=0.9, strong_score=0.8), r"strong_score must be >= min_score"),
        (lambda: VerifyConfig(min_anchors=0), r"min_anchors must be >= 1"),
        (lambda: VerifyConfig(relative_margin=0.0), r"relative_margin must be > 0 \(or null: off\)"),
        (lambda: VerifyConfig(translation_min_anchors=0), r"translation_min_anchors must be >= 1"),
        (lambda: VerifyConfig(short_words=-1), r"need short_words >= 0"),
        (lambda: MatchConfig(min_chars_credited=90), r"need 1 <= min_chars_credited <= min_chars"),
        (
            lambda: VerifyConfig(translation_name_overlap=1.5),
            r"translation_name_overlap must be in \[0.0, 1.0\] \(or null: off\)",
        ),
        (
            lambda: VerifyConfig(translation_min_anchors_uncorroborated=9),
            r"translation_min_anchors_uncorroborated must be >= translation_min_anchors",
        ),
    ],
)
def test_invalid_values_raise_clear_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_negative_seed_is_rejected_early():
    with pytest.raises(ValueError, match="seed"):
        MatchConfig(seed=-1)


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.seed = 2  # type: ignore[misc]


def test_view_config_maths():
    view = ViewConfig("chars", bands=20, rows=5)
    assert view.num_perm == 100
    assert view.threshold == pytest.approx((1 / 20) ** (1 / 5))
    assert view.threshold == pytest.approx(0.5493, abs=1e-4)


def test_view_lookup():
    cfg = MatchConfig(views=(ViewConfig("lead", 4, 2),))
    assert cfg.view("lead") == ViewConfig("lead", 4, 2)
    with pytest.raises(KeyError):
        cfg.view("chars")


# --- fingerprint ---------------------------------------------------------------------------------------


def test_fingerprint_is_stable_for_equal_configs():
    assert str(MatchConfig()) == str(MatchConfig()) == BASE.fingerprint
    assert str(MatchConfig(verify=VerifyConfig())) == str(BASE)


def test_fingerprint_is_readable():
    cfg = MatchConfig(char_ngram=4, seed=9, views=(ViewConfig("chars", 10, 3), ViewConfig("anchors", 8, 2)))
    assert str(cfg).startswith("c4_chars10x3_anchors8x2_s9_affine32_")


def _changed(value):
    if value is None:  # an optional setting that is off by default: switching it on changes the config
        return 5.0
    if isinstance(value, bool):  # a rule on by default: switching it off changes the config
        return not value
    if not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return value + 1
    return value * 0.99 if value else 0.01


def _variants() -> list[tuple[str, MatchConfig]]:
    out = []
    for f in dataclasses.fields(MatchConfig):
        new = _changed(getattr(BASE, f.name))
        if new is not None:
            out.append((f.name, dataclasses.replace(BASE, **{f.name: new})))
    for f in dataclasses.fields(VerifyConfig):
        new = _changed(getattr(BASE.verify, f.name))
        assert new is not None, f.name
        out.append(
            (
                f"verify.{f.name}",
                dataclasses.replace(BASE, verify=dataclasses.replace(BASE.verify, **{f.name: new})),
            )
        )
    first = BASE.views[0]
    out.append(
        (
            "views[0].bands",
            dataclasses.replace(
                BASE, views=(dataclasses.replace(first, bands=first.bands + 1),) + BASE.views[1:]
            ),
        )
    )
    out.append(
        (
            "views[0].rows",
            dataclasses.replace(
                BASE, views=(dataclasses.replace(first, rows=first.rows + 1),) + BASE.views[1:]
            ),
        )
    )
    out.append(("views order", dataclasses.replace(BASE, views=BASE.views[::-1])))
    out.append(("views subset", dataclasses.replace(BASE, views=BASE.views[:1])))
    return out


VARIANTS = _variants()


@pytest.mark.parametrize(("field", "cfg"), VARIANTS, ids=[name for name, _ in VARIANTS])
def test_fingerprint_changes_with_every_field(field, cfg):
    assert cfg != BASE
    assert str(cfg) != str(BASE)


def test_every_field_is_covered_by_a_variant():
    names = {name for name, _ in VARIANTS}
    scalar = {f.name for f in dataclasses.fields(MatchConfig)} - {"views", "verify", "scheme"}
    assert scalar <= names
    assert {f"verify.{f.name}" for f in dataclasses.fields(VerifyConfig)} <= names


def test_fingerprints_of_variants_are_all_distinct():
    prints = [str(cfg) for _, cfg in VARIANTS] + [str(BASE)]
    assert len(set(prints)) == len(prints)


# --- round trip ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cfg", [BASE] + [cfg for _, cfg in VARIANTS[:6]])
def test_from_dict_round_trips(cfg):
    again = MatchConfig.from_dict(cfg.to_dict())
    assert again == cfg
    assert str(again) == str(cfg)
    via_json = MatchConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert via_json == cfg
    assert str(via_json) == str(cfg)
    assert isinstance(via_json.views, tuple) and isinstance(via_json.verify, VerifyConfig)


def test_from_dict_with_partial_data_uses_defaults():
    assert MatchConfig.from_dict({"seed": 3}) == dataclasses.replace(BASE, seed=3)
    assert MatchConfig.from_dict({}) == BASE


def test_from_dict_validates():
    data = BASE.to_dict()
    data["verify"] = dict(data["verify"], min_score=2.0)
    with pytest.raises(ValueError, match="min_score"):
        MatchConfig.from_dict(data)
    # Messages name the setting at fault, not Python's internals.
    with pytest.raises(ValueError, match="unknown setting 'no_such_field' in the config; known: cc_rounds"):
        MatchConfig.from_dict({"no_such_field": 1})
    with pytest.raises(ValueError, match="unknown setting 'bandz' in a view"):
        MatchConfig.from_dict({"views": [{"name": "chars", "bandz": 3}]})
    with pytest.raises(ValueError, match="min_chars must be int, got 'eighty'"):
        MatchConfig.from_dict({"min_chars": "eighty"})
    with pytest.raises(ValueError, match="must be a JSON object of settings, got list"):
        MatchConfig.from_dict([1, 2])
    assert MatchConfig.from_dict({"verify": {"passage_min_score": None}}).verify.passage_min_score is None
