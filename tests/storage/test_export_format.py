"""The export file: what /scenario export writes and /scenario import reads back."""

from __future__ import annotations

import json

import pytest

from storage import InvalidInput
from tests.storage import ALICE, BOB, CHANNEL, CHEAPER, GUILD, PLAN


async def test_export_then_import_restores_scenarios_for_another_user(repo, store):
    await repo.save(ALICE, "Launch", PLAN, notes="first")
    await repo.save(ALICE, "Cheap", CHEAPER)
    await repo.share(ALICE, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    await store.shown.remember(ALICE, CHEAPER)

    exported = json.loads(json.dumps(await repo.export(ALICE)))
    imported = await repo.import_(BOB, exported)

    assert exported["format"] == "flywheel-export"
    assert exported["last_plan"] == json.loads(CHEAPER.to_json())
    assert [(r.name, r.plan, r.notes, r.owner_id, r.shared) for r in imported] == [
        ("Cheap", CHEAPER, None, BOB, False),
        ("Launch", PLAN, "first", BOB, False),
    ]
    assert [r.name for r in await repo.list(BOB)] == ["Cheap", "Launch"]


async def test_import_gives_clashing_names_a_free_one(repo):
    await repo.save(ALICE, "Launch", PLAN)
    await repo.save(ALICE, "Launch (imported)", PLAN)
    exported = await repo.export(ALICE)

    imported = await repo.import_(ALICE, exported)

    assert [r.name for r in imported] == ["Launch (imported 2)", "Launch (imported) (imported)"]


async def test_import_is_all_or_nothing(repo):
    good = {"name": "Good", "plan": json.loads(PLAN.to_json())}
    bad = {"name": "Bad", "plan": json.loads(PLAN.to_json()) | {"learning_rate": 1.7}}

    with pytest.raises(InvalidInput, match=r"^Scenario 2 in the file: .*learning_rate"):
        await repo.import_(ALICE, {"scenarios": [good, bad]})
    with pytest.raises(InvalidInput, match="Scenario 1 in the file: A scenario name needs"):
        await repo.import_(ALICE, {"scenarios": [{"name": "", "plan": good["plan"]}]})
    with pytest.raises(InvalidInput, match="isn't a Flywheel export"):
        await repo.import_(ALICE, [good])
    with pytest.raises(InvalidInput, match="version 2"):
        await repo.import_(ALICE, {"format": "flywheel-export", "version": 2, "scenarios": []})

    assert await repo.list(ALICE) == []
