"""A short Dutch text about one municipality, generated from its `Fiche`:
one sentence per subject, each figure with its reference period and its
quality (officieel / gemodelleerd), so a quoted sentence still says where
the figure stands."""
from __future__ import annotations

from analysis import trajecten as tr
from analysis.employment import TARGET
from analysis.fiche import Employment, Fiche, FLANDERS, Groups, Programme, TOTAL_GROUP, Vacancies
from analysis.suppression import PRIMARY, SECONDARY, SHOWN
from ui import format as fmt

# How a hidden count reads in a sentence.
HIDDEN_WORDS = {PRIMARY: "minder dan 5", SECONDARY: "een afgeschermd aantal"}


def summary(fiche: Fiche, group_labels: dict[str, str]) -> list[str]:
    """The sentences, in reading order (none for a subject without data)."""
    e, name, area = fiche.employment, fiche.name, fiche.area.label
    sentences = [employment_text(name, e), comparison_text(name, area, e), trend_text(e), people_text(e),
                 groups_text(area, fiche.groups, group_labels), vacancies_text(area, fiche.vacancies)]
    sentences += [programme_text(name, area, p) for p in fiche.programmes] or [no_programme_text(name)]
    return [s for s in sentences if s]


def _points(value: float) -> str:
    return fmt.number(abs(value), 1)


def _quality(*codes: str | None) -> str:
    """Modelled as soon as one input is."""
    return fmt.quality("modelled" if "modelled" in codes else codes[0])


def employment_text(name: str, e: Employment) -> str:
    if e.rate is None:
        return f"{name}: geen werkzaamheidsgraad beschikbaar."
    where = (f"precies op de doelstelling van {fmt.percent(TARGET, 0)}" if _points(e.gap_points) == _points(0)
             else f"{_points(e.gap_points)} punten {'onder' if e.gap_points < 0 else 'boven'} de doelstelling van "
                  f"{fmt.percent(TARGET, 0)}")
    return f"{name}: werkzaamheidsgraad {fmt.percent(e.rate)} in {e.year} ({fmt.quality(e.quality)}), {where}."


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


def groups_text(area: str, g: Groups, labels: dict[str, str]) -> str:
    """The pool of people outside work, the largest group and the group most
    above the area (per 1,000 inhabitants); two sentences."""
    if g.year is None or g.table.empty:
        return ""
    rows = g.table.set_index("target_group")
    when = f"{g.year}, {fmt.quality(g.quality)}"
    sentences = []
    if TOTAL_GROUP in rows.index:
        t = rows.loc[TOTAL_GROUP]
        sentences.append(f"{labels[TOTAL_GROUP]} in {g.year}: {fmt.number(t['value'])} personen, "
                         f"{fmt.number(t['per_1000'], 1)} per 1.000 inwoners ({area}: "
                         f"{fmt.number(t['area_per_1000'], 1)}; {FLANDERS}: {fmt.number(t['flanders_per_1000'], 1)}; "
                         f"{fmt.quality(g.quality)}).")
    groups = rows.drop(index=TOTAL_GROUP, errors="ignore")
    if not groups.empty:
        largest = groups["value"].idxmax()
        text = f"Grootste doelgroep: {labels[largest].lower()}, {fmt.number(groups.at[largest, 'value'])} personen"
        ratio = (groups["per_1000"] / groups["area_per_1000"]).dropna()
        if not ratio.empty and ratio.max() > 1:
            most = ratio.idxmax()
            text += (f"; verhoudingsgewijs het meest boven {area}: {labels[most].lower()}, "
                     f"{fmt.number(groups.at[most, 'per_1000'], 1)} tegen "
                     f"{fmt.number(groups.at[most, 'area_per_1000'], 1)} per 1.000 inwoners")
        sentences.append(f"{text} ({when}).")
    return " ".join(sentences)


def vacancies_text(area: str, v: Vacancies) -> str:
    if v.period is None:
        return ""
    text = f"In {fmt.month(v.period)}: {fmt.number(v.vacancies)} open vacatures en {fmt.number(v.jobseekers)} " \
           "niet-werkende werkzoekenden"
    notes = []
    if v.tension is not None:
        text += f", {fmt.number(v.tension, 2)} vacatures per werkzoekende"
        notes = [f"{label}: {fmt.number(value, 2)}" for label, value in ((area, v.area_tension),
                                                                         (FLANDERS, v.flanders_tension))
                 if value is not None]
    return f"{text} ({'; '.join(notes + [fmt.quality(v.quality)])})."


def _count(p: Programme, category: str) -> str:
    mark = p.marks.get(category, SHOWN)
    return HIDDEN_WORDS[mark] if mark != SHOWN else fmt.number(p.counts.get(category, 0))


def programme_text(name: str, area: str, p: Programme) -> str:
    text = f"{p.label}, {p.years}: {_count(p, tr.STARTED)} trajecten gestart in {name}"
    if p.counts.get(tr.ENDED, 0) > 0 or p.marks.get(tr.ENDED, SHOWN) != SHOWN:
        text += f", {_count(p, tr.ENDED)} beëindigd"
        if "job" in p.counts.index:
            text += f", waarvan {_count(p, 'job')} met werk"
    return text + (f" (gemodelleerde trajecten, kleine aantallen afgeschermd; in heel {area}: "
                   f"{fmt.number(p.area_started)} gestart).")


def no_programme_text(name: str) -> str:
    return f"Geen trajecten van de partnerschapsprogramma's in {name} in de gegevens."
