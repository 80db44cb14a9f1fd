"""A short Dutch text about one municipality, generated from its `Fiche`:
one sentence per subject, the latest figures (VDAB's jobseekers and
vacancies, newcomers, pupils) first, each figure with its own reference
year and its quality (officieel / berekend / gemodelleerd), so a quoted
sentence still says where the figure stands; a figure whose series stops
before the chosen year says so ("2015, het laatste beschikbare jaar")."""
from __future__ import annotations

import pandas as pd

from analysis import trajecten as tr
from analysis.budget import NOT_PUBLISHED
from analysis.fiche import (MODELLED, Breakdown, Employment, Fiche, Groups, Jobseekers,
                            Programme, Vacancies)
from analysis.suppression import PRIMARY, SECONDARY, SHOWN
from analysis.years import reference_year
from common.vocabulary import ALL_GROUPS, FLANDERS, TARGET
from common import format as fmt

# How a hidden count reads in a sentence.
HIDDEN_WORDS = {PRIMARY: "minder dan 5", SECONDARY: "een afgeschermd aantal"}


def summary(fiche: Fiche, group_labels: dict[str, str]) -> list[str]:
    """The sentences, in reading order (none for a subject without data)."""
    e, name, area, chosen = fiche.employment, fiche.name, fiche.area.label, fiche.year
    sentences = [jobseekers_text(name, area, fiche.jobseekers, chosen), vacancies_text(name, area, fiche.vacancies,
                                                                                      chosen),
                 origin_text(area, fiche.origin, group_labels), profile_text(fiche.profile, chosen),
                 employment_text(name, e, chosen), comparison_text(name, area, e), trend_text(e), people_text(e),
                 groups_text(area, fiche.groups, chosen)]
    sentences += [programme_text(name, p) for p in fiche.programmes] or [no_programme_text(name)]
    return [s for s in sentences if s]


def when(year: int, chosen: int | None) -> str:
    """A figure's year, and why it is not the chosen one:
    `2015, het laatste beschikbare jaar`."""
    if chosen is None or year == chosen:
        return str(year)
    return f"{year}, het {'laatste' if year < chosen else 'eerste'} beschikbare jaar"


def _value(value: float | None, hidden: bool, decimals: int = 0, unit: str = "") -> str:
    """A figure in a sentence: `x (verborgen)` when the producer hid it."""
    return f"{fmt.HIDDEN} (verborgen)" if hidden else fmt.number(value, decimals) + unit


COMPUTED = "berekend uit de aantallen per gemeente"


def jobseekers_text(name: str, area: str, j: Jobseekers, chosen: int | None = None) -> str:
    if j.year is None:
        return ""
    others = "; ".join(f"{label} {fmt.percent(value)}" for label, value in ((area, j.area_rate),
                                                                          (FLANDERS, j.flanders_rate))
                       if value is not None)
    return (f"{name}: werkzoekendengraad {_value(j.rate, j.hidden, 1, ' %')} in {when(j.year, chosen)} (officieel, "
            f"VDAB){f'; {others} ({COMPUTED})' if others else ''}; gemiddeld "
            f"{_value(j.nwwz, j.nwwz_hidden)} niet-werkende werkzoekenden.")


def vacancies_text(name: str, area: str, v: Vacancies, chosen: int | None = None) -> str:
    if v.year is None:
        return ""
    text = (f"In {when(v.year, chosen)} ontving VDAB {_value(v.received, v.hidden.get('ontvangen', False))} "
            f"vacatures voor {name} (openstaand: {_value(v.open, v.hidden.get('open', False))}; officieel)")
    if v.tension is not None:
        others = [f"{label}: {fmt.number(value, 2)}" for label, value in ((area, v.area_tension),
                                                                         (FLANDERS, v.flanders_tension))
                  if value is not None]
        text += (f"; {fmt.number(v.tension, 2)} niet-werkende werkzoekenden per ontvangen vacature ("
                 + "; ".join(others + [COMPUTED]) + ")")
    return text + "."


# The group the origin sentence names (VDAB's jobseekers without work of non-EU origin).
ORIGIN_GROUP = "herkomst_niet_eu"


def origin_text(area: str, o: Breakdown, labels: dict[str, str]) -> str:
    rows = o.table.set_index("target_group")
    if o.year is None or ORIGIN_GROUP not in rows.index:
        return ""
    r = rows.loc[ORIGIN_GROUP]
    share = f"{fmt.HIDDEN} (verborgen)" if r["hidden"] else fmt.percent(r["share"])
    return (f"Van de {fmt.number(o.total)} werkzoekenden zonder werk op 31/12/{o.year} heeft {share} een "
            f"{labels.get(ORIGIN_GROUP, ORIGIN_GROUP)} ({area}: {fmt.percent(r['area_share'])}; {FLANDERS}: "
            f"{fmt.percent(r['flanders_share'])}; officieel, aandelen {COMPUTED}).")


# Newcomers and pupils' home language: (indicator, group) -> the sentence part and the figure's decimals and unit.
PROFILE_WORDS = {("nieuwkomers", ALL_GROUPS): ("{value} nieuwkomers in {year} (officieel)", 0, ""),
                 ("thuistaal_niet_nederlands", "basisonderwijs"): (
                     "{value} van de leerlingen in het basisonderwijs spreekt thuis geen Nederlands ({year}, "
                     "officieel)", 1, " %")}


def profile_text(profile: pd.DataFrame, chosen: int | None = None) -> str:
    """`profile`: the fiche's own newcomer and pupil series (every year)."""
    parts = []
    for (indicator, group), (words, decimals, unit) in PROFILE_WORDS.items():
        rows = profile[(profile["indicator"] == indicator) & (profile["target_group"] == group)]
        year, _ = reference_year(rows["year"], chosen if chosen is not None else rows["year"].max())
        if year is None:
            continue
        r = rows[rows["year"] == year].iloc[0]
        parts.append(words.format(value=_value(r["value"], r["hidden"], decimals, unit), year=when(year, chosen)))
    return "; ".join(parts) + "." if parts else ""


def _points(value: float) -> str:
    return fmt.number(abs(value), 1)


def _quality(*codes: str | None) -> str:
    """Modelled as soon as one input is."""
    return fmt.quality("modelled" if "modelled" in codes else codes[0])


def employment_text(name: str, e: Employment, chosen: int | None = None) -> str:
    if e.rate is None:
        return f"{name}: geen werkzaamheidsgraad beschikbaar."
    where = (f"precies op de doelstelling van {fmt.percent(TARGET, 0)}" if _points(e.gap_points) == _points(0)
             else f"{_points(e.gap_points)} punten {'onder' if e.gap_points < 0 else 'boven'} de doelstelling van "
                  f"{fmt.percent(TARGET, 0)}")
    return (f"{name}: werkzaamheidsgraad {fmt.percent(e.rate)} in {when(e.year, chosen)} ({fmt.quality(e.quality)}), "
            f"{where}.")


def comparison_text(name: str, area: str, e: Employment) -> str:
    if e.rate is None or e.area_rate is None:
        return ""
    flanders = f" en {FLANDERS} {fmt.percent(e.flanders_rate)}" if e.flanders_rate is not None else ""
    return (f"Ter vergelijking: {area} {fmt.percent(e.area_rate)}{flanders} in {e.year} (gewogen met de "
            f"bevolking, {fmt.quality(e.quality)}); {name} staat op plaats {e.rank} van {e.ranked} in {area}.")


def trend_text(e: Employment) -> str:
    if e.rate is None or e.first_year == e.year:
        return ""
    change = e.change_since_first
    moved = ("bleef de werkzaamheidsgraad gelijk" if _points(change) == _points(0)
             else f"{'steeg' if change > 0 else 'daalde'} de werkzaamheidsgraad met {_points(change)} punten")
    return f"Van {e.first_year} tot {e.year} {moved} ({fmt.quality(e.quality)})."


def people_text(e: Employment) -> str:
    if e.rate is None:
        return ""
    if e.gap_points >= 0:
        return f"De doelstelling van {fmt.percent(TARGET, 0)} is gehaald in {e.year}."
    if e.people_needed is None:
        return ""
    return (f"Om {fmt.percent(TARGET, 0)} te halen, zijn er ongeveer {fmt.number(e.people_needed)} inwoners meer "
            f"aan het werk nodig ({e.year}, {_quality(e.working_age_quality, e.quality)}: op basis van de bevolking "
            "van 20-64 jaar).")


def groups_text(area: str, g: Groups, chosen: int | None = None) -> str:
    """The official series (each with its year), then the model: the pool of
    people outside work, the largest modelled group and the one most above
    the area (per 1,000 inhabitants). Official and modelled figures are
    never compared with each other."""
    rows = g.table
    official, modelled = rows[rows["quality"] != MODELLED], rows[rows["quality"] == MODELLED]
    sentences = []
    if not official.empty:
        parts = [f"{r.label.lower()} {_value(r.value, r.hidden, 1 if r.unit == '%' else 0, ' %' if r.unit == '%' else '')}"
                 + (f" ({fmt.number(r.per_1000, 1)} per 1.000 inwoners; {area}: {fmt.number(r.area_per_1000, 1)})"
                    if pd.notna(r.per_1000) else "") + f" in {when(r.year, chosen)}"
                 for r in official.itertuples()]
        sentences.append(f"Kansengroepen, officieel: {'; '.join(parts)}.")
    if not modelled.empty:
        sentences.append(_modelled_groups(area, modelled.set_index("series"), chosen))
    return " ".join(sentences)


def _modelled_groups(area: str, rows: pd.DataFrame, chosen: int | None) -> str:
    year = int(rows["year"].max())
    said = f"{when(year, chosen)}, gemodelleerd"
    sentences = []
    if ALL_GROUPS in rows.index:
        t = rows.loc[ALL_GROUPS]
        sentences.append(f"{t['label']}: {fmt.number(t['value'])} personen, "
                         f"{fmt.number(t['per_1000'], 1)} per 1.000 inwoners ({area}: "
                         f"{fmt.number(t['area_per_1000'], 1)}; {FLANDERS}: {fmt.number(t['flanders_per_1000'], 1)}; "
                         f"{said}).")
    groups = rows.drop(index=ALL_GROUPS, errors="ignore")
    if not groups.empty:
        largest = groups["value"].idxmax()
        text = (f"Grootste gemodelleerde doelgroep: {groups.at[largest, 'label'].lower()}, "
                f"{fmt.number(groups.at[largest, 'value'])} personen")
        ratio = (groups["per_1000"] / groups["area_per_1000"]).dropna()
        if not ratio.empty and ratio.max() > 1:
            most = ratio.idxmax()
            text += (f"; verhoudingsgewijs het meest boven {area}: {groups.at[most, 'label'].lower()}, "
                     f"{fmt.number(groups.at[most, 'per_1000'], 1)} tegen "
                     f"{fmt.number(groups.at[most, 'area_per_1000'], 1)} per 1.000 inwoners")
        sentences.append(f"{text} ({said}).")
    return " ".join(sentences)


def _count(p: Programme, category: str) -> str:
    mark = p.marks.get(category, SHOWN)
    return HIDDEN_WORDS[mark] if mark != SHOWN else fmt.number(p.counts.get(category, 0))


def _published(p: Programme) -> str:
    """What the programme published for all of it, in words."""
    pub = p.published
    if pub.empty:
        return f"trajecten en uitkomsten {NOT_PUBLISHED}"
    text = f"{fmt.number(pub[tr.STARTED])} trajecten gestart"
    if tr.ENDED in pub.index:
        text += f", {fmt.number(pub[tr.ENDED])} beëindigd, waarvan {fmt.number(pub['job'])} met werk"
    else:
        text += f"; uitkomsten {NOT_PUBLISHED}"
    return text


def programme_text(name: str, p: Programme) -> str:
    """The programme as published (official: its whole period and area),
    then the model's split to the municipality, marked as such."""
    money = f"; budget {fmt.euro(p.budget)} per jaar" if p.budget is not None else ""
    text = f"{p.label} ({p.years}; {p.where}): {_published(p)}{money} (gepubliceerd, officieel)."
    if p.published.empty:
        return text
    if p.local_years is None:
        return f"{text} Niet actief in {name}."
    if p.counts.empty:
        return (f"{text} In {name}: geen deelnemers in de gemodelleerde verdeling over de gemeenten (de bron "
                "noemt geen gemeenten).")
    local = f"{_count(p, tr.STARTED)} gestart"
    if p.counts.get(tr.ENDED, 0) > 0 or p.marks.get(tr.ENDED, SHOWN) != SHOWN:
        local += f", {_count(p, tr.ENDED)} beëindigd"
        if "job" in p.counts.index:
            local += f", waarvan {_count(p, 'job')} met werk"
    return (f"{text} In {name} ({p.local_years}): {local} (gemodelleerde verdeling van die totalen, kleine "
            "aantallen afgeschermd).")


def no_programme_text(name: str) -> str:
    return f"Geen partnerschapsprogramma van de monitor in {name}."
