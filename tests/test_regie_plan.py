"""The action plan file (loaders/actieplan/w13_2023_2025.yml) against its
source, seed 004: every action of the seed is in the file with the seed's
own words, none is invented, the consultations carry the cadence the seed
agrees and the goals are the agreement's eight. Everything expected is read
from the seed text here, never typed in; and the plan in the store is the file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
import yaml

from loaders import regie
from loaders.config import data_dir
from loaders.errors import SourceError
from queries import run_query

# The seeds sit beside the reference data (REGIOMONITOR_DATA_DIR), as in tests/test_published_figures.py.
SEED = next((data_dir().parent / "seeds").glob("004_*.txt"))
PLAN = regie.read_plan()
OBJECTIVE = re.compile(r"^(\d)\. (.+) \((WSE-LR\d)\)$")
NUMBERED = re.compile(r"^(?:Actie )?(\d+\.\d+(?:\.\d+)?)\.?:?\s+(.+)$")
BULLET = re.compile(r"^- (.+)$")
LEAD = re.compile(r"^(W13\b.*\b(als (trekker|deelnemers?|schakel)|overleggen regelmatig)|Rol van W13\b).*")
CADENCE = re.compile(r"^Timing: (minstens (\d+) keer per jaar.*)$|\((timing minstens (\d+) keer per jaar)\)")
YEAR_LINE = re.compile(r"^(Werkjaren?:?|Timing:)\s*(.*)$")


@dataclass
class Block:
    """A heading or bullet of the seed and the lines up to the next one."""
    kind: str            # objective, numbered, bullet
    key: str             # objective code, action number or bullet title
    title: str
    lines: list[str] = field(default_factory=list)

    def field(self, name: str) -> str | None:
        found = [line[len(name) + 1:].strip() for line in self.lines if line.startswith(name + ":")]
        return found[0] if found else None


def blocks() -> list[Block]:
    out: list[Block] = []
    for line in (raw.strip() for raw in SEED.read_text(encoding="utf-8").splitlines()):
        if not line:
            continue
        if m := OBJECTIVE.match(line):
            out.append(Block("objective", m[3], m[2]))
        elif out and (m := NUMBERED.match(line)):
            out.append(Block("numbered", m[1], m[2].strip()))
        elif out and (m := BULLET.match(line)):
            title = m[1].strip().strip("*").strip().rstrip(":").strip().strip("*").strip()
            out.append(Block("bullet", title, title))
        elif out:
            out[-1].lines.append(line)
    return out


def seed_actions() -> dict[str, Block]:
    """Numbered sections by their number; bullets that are actions (a
    'Partners:' line before the next heading) as '<number>.<letter>'."""
    actions, letters, current = {}, {}, None
    for block in blocks():
        if block.kind == "numbered":
            current = block.key
            actions[current] = block
        elif block.kind == "bullet" and current and block.field("Partners") is not None:
            letters[current] = letters.get(current, 0) + 1
            actions[f"{current}.{chr(ord('a') + letters[current] - 1)}"] = block
    return actions


SEEDED = seed_actions()
FILED = {a["number"]: a for a in PLAN["actions"]}


def plan_years() -> set[int]:
    years = {int(y) for b in blocks() for line in b.lines if line.startswith("Werkjaren:")
             for y in re.findall(r"\b20\d\d\b", line)}
    return set(range(min(years), max(years) + 1))


def years_named(block: Block) -> list[int] | None:
    """Years in the block's Werkjaren/Werkjaar/Timing lines, a range 'A – B'
    as every year from A to B, within the plan's years."""
    named = set()
    for line in block.lines:
        if m := YEAR_LINE.match(line):
            for a, b in re.findall(r"\b(20\d\d)(?:\s*–\s*(20\d\d))?", m[2]):
                named |= set(range(int(a), int(b or a) + 1))
    named &= plan_years()
    return sorted(named) or None


def test_every_action_of_the_seed_and_no_other():
    assert len(SEEDED) > 0
    assert {n: b.title for n, b in SEEDED.items()} == {n: a["title"] for n, a in FILED.items()}
    assert list(FILED) == sorted(FILED, key=lambda n: list(SEEDED).index(n)), "in the seed's order"


@pytest.mark.parametrize("number", list(SEEDED))
def test_each_action_in_the_seeds_words(number):
    block, filed = SEEDED[number], FILED[number]
    assert filed.get("partners") == block.field("Partners")
    assert filed.get("timing") == block.field("Timing")
    assert filed.get("years_text") == (block.field("Werkjaren") or block.field("Werkjaar"))
    leads = [line for line in block.lines if LEAD.match(line)]
    assert filed.get("lead") == (leads[0] if leads else None)
    assert filed.get("work_years") == years_named(block)
    assert filed["objective"] == next(b.key for b in blocks()[:blocks().index(block)][::-1] if b.kind == "objective")
    if filed.get("lead"):
        assert filed.get("leads"), "a lead named in the plan is in the filter"


def test_objectives_are_the_seeds_four():
    seeded = [b for b in blocks() if b.kind == "objective"]
    numbers = [m[1] for m in map(OBJECTIVE.match, SEED.read_text(encoding="utf-8").splitlines()) if m]
    assert [(o["code"], o["number"], o["title"]) for o in PLAN["objectives"]] == [
        (b.key, n, b.title) for n, b in zip(numbers, seeded)]
    partners = {b.key: b.field("Partners") for b in seeded}
    assert {o["code"]: o.get("partners") for o in PLAN["objectives"]} == partners


def test_consultations_carry_the_seeds_cadence():
    agreed = {}
    for number, block in SEEDED.items():
        for line in block.lines:
            if m := CADENCE.search(line):
                agreed[number] = (m[1] or m[3], int(m[2] or m[4]))
    assert agreed, "the seed agrees cadences"
    filed = {c["action"]: (c["cadence"], c["minimum_per_year"]) for c in PLAN["consultations"] if c.get("action")}
    assert filed == agreed
    # Any consultation without an agreed number says so, and names no minimum.
    assert all(c["minimum_per_year"] is None for c in PLAN["consultations"] if not c.get("action"))


def test_goals_are_the_agreements_eight():
    text = SEED.read_text(encoding="utf-8")
    words = {"acht": 8}
    m = re.search(r"heeft (\w+) algemene doelstellingen:(.+?)De algemene doelstellingen", text, re.S)
    listed = re.findall(r"^(\d)\. (.+)$", m[2], re.M)
    assert len(listed) == words[m[1]]
    assert [(g["number"], g["title"]) for g in PLAN["goals"]] == [(int(n), t.strip()) for n, t in listed]


def test_goals_link_the_actions_the_seed_names():
    goals = {g["code"]: g for g in PLAN["goals"]}
    named = 0
    for number, block in SEEDED.items():
        body = " ".join(block.lines)
        for domain in re.findall(r"beleidsdomein ['‘](.+?)['’]", body):
            goal = next(g for code, g in goals.items() if code in domain.lower())
            assert any(number == n or number.startswith(n + ".") for n in goal["actions"]), (domain, number)
            named += 1
        for elsewhere in re.findall(r"onder actie (\d+(?:\.\d+)+)", body):
            assert any(number in g["actions"] and elsewhere in g["actions"] for g in goals.values())
            named += 1
    assert named > 0


def test_goal_indicators_exist_in_the_store(store):
    known = set(map(tuple, store.execute("select distinct indicator, target_group from indicators").fetchall()))
    linked = [(i["indicator"], i["target_group"]) for g in PLAN["goals"] for i in g["indicators"]]
    linked += [(i["per"]["indicator"], i["per"]["target_group"]) for g in PLAN["goals"] for i in g["indicators"]
               if "per" in i]
    assert linked and set(linked) <= known


def test_the_store_holds_the_plan(store):
    actions = run_query(store, "regie_actions")
    assert actions["number"].tolist() == list(FILED)
    assert actions["title"].tolist() == [a["title"] for a in FILED.values()]
    assert {r.number: r.parent if isinstance(r.parent, str) else None for r in actions.itertuples()} == {
        n: next((p for p in FILED if n.startswith(p + ".") and n.count(".") == p.count(".") + 1), None)
        for n in FILED}
    assert run_query(store, "regie_consultations")["code"].tolist() == [c["code"] for c in PLAN["consultations"]]
    goals = run_query(store, "regie_goals")
    assert goals.drop_duplicates("code")["title"].tolist() == [g["title"] for g in PLAN["goals"]]


def test_a_broken_plan_is_refused_in_dutch(tmp_path):
    broken = PLAN | {"consultations": [*PLAN["consultations"], {"code": "x", "name": "x", "action": "9.9",
                                                                 "cadence": "x", "minimum_per_year": 1}]}
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourceError, match="onbekende actie '9.9'"):
        regie.read_plan(path)
