"""Regie: the W13 action plan 2023-2025 for the regisseur sociale economie
en werk who reports to ROSE, the ROA and the steering group of the VDAB
agreement: per objective its actions with their status per work year, the
consultations' meetings against the agreed cadence, and the agreement's
goals beside the figures that measure them (W13 against Flanders). Behind
the Beheer login: record an action's status or a meeting held, see the
history and undo, each change with the password typed again (ui.auth). The plan itself is a file (loaders/actieplan/) that the
page never changes; the records live in the store."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from analysis import regie as ar
from charts.theme import FLANDERS_COLOUR, REGION_COLOUR
from backoffice import importer, regie_progress, snapshots
from loaders import regie
from loaders.errors import SourceError
from page_models import regie as ur
from common import format as fmt
from page_models import regie_report
from ui import auth, components, data, layout, presentation, urlstate
from ui.presentation import Slides
from ui.regie import PACK_CHANGES, collected, goals

MESSAGE, HANDOUT = "regie_melding", "_regie_handout"
AREA = ur.REGIONS[ur.REGION]["label"]
HOW_COUNTED = ("Een status geldt per actie en werkjaar; * = nog niets geregistreerd, standaard 'gepland'. "
               "Acties zonder werkjaren in het plan worden over de hele looptijd gevolgd.")



# Every table is an HTML table (`ui.layout.html_table`): it wraps its texts whole in the page's letters, where a
# data grid draws them on a canvas in one line a row (three from a row height over 4rem) and cut what did not fit
# its columns: at 1366x768 the consultations' grid read "Stuurgroep samenwerkingsovereenkomst VDAB en lo…" and
# "0 (geen minimum afgesprok…", the actions' grids cut their partners and timing, the goals' their indicators. It
# also costs the browser far less: a rerun redrew every grid's canvas (about 8 of them). The goals' trends are
# sparklines in the table. A slide leaves out the columns the rows' names and the badge say (`SLIDE_HIDDEN`), the
# page the pack's trajectories' place (`PAGE_HIDDEN`: the rows' names say where).
PAGE_HIDDEN = {"pakket_trajecten": ("Waar",)}
# The actions' columns the exports keep and the page leaves out: with partners and timing beside the statuses the
# plan's long words ("Samenwerkingsmogelijkheden", "ondersteuningsdecreet") took an objective's table 108 px past
# the main area of a 1366 px laptop.
IN_EXPORT = ("Werkjaren", "Partners", "Timing")
SLIDE_HIDDEN = {"pakket_trajecten": ("Waar", "Periode", "Kwaliteit")}
SHORT = ur.REGION.upper()   # the area in a column header: "W13"
LABELS = {AREA: SHORT, f"Trend {AREA}": f"Trend {SHORT}", "Laatste toelichting": "Toelichting"}
TRENDS = {f"Trend {AREA}": REGION_COLOUR, f"Trend {ur.FLANDERS}": FLANDERS_COLOUR}


# On a phone a table shows its name column and its latest figure (`phone_columns`).
NAMES = ("Titel", "Overleg", "Indicator", "Wijziging", "Programma")
FIGURES = ("Status ", "Gehouden ", AREA)


def phone_columns(df: pd.DataFrame) -> list[str]:
    """The name (the first of `NAMES`, else the first column) and the last
    of the figures (`FIGURES`: the latest status or count), else the column
    after the name."""
    name = next((c for c in df.columns if c in NAMES), df.columns[0])
    figures = [c for c in df.columns if c.startswith(FIGURES)] or [df.columns[df.columns.get_loc(name) + 1]]
    return [name, figures[-1]]


def show_table(key: str, df: pd.DataFrame, hidden: tuple[str, ...] = (), kept: tuple | None = None,
               part: presentation.Part | None = None) -> None:
    """`df` as an HTML table without the columns `hidden` (the exports keep
    them) and those `PAGE_HIDDEN` names off a slide (`SLIDE_HIDDEN` on one:
    `ui.layout.html_table` leaves them out there, with the sparklines), its
    `TRENDS` as sparklines; on a phone its `phone_columns`. `kept`: what
    besides the data version determines `df`, to make the table once.
    `part`: the rows a slide shows (`Slides.part`)."""
    left_out = [*hidden, *(() if presentation.active() else PAGE_HIDDEN.get(key, ()))]
    shown = df.drop(columns=[c for c in df if c in left_out])
    layout.html_table(f"regie_{key}_tabel", shown.rename(columns=LABELS),
                      [LABELS.get(c, c) for c in phone_columns(shown)],
                      lines={LABELS.get(c, c): colour for c, colour in TRENDS.items() if c in shown},
                      kept=kept, part=part,
                      slide_hidden=tuple(LABELS.get(c, c) for c in SLIDE_HIDDEN.get(key, ())))


def choice(label: str, key: str, options: list, labels: dict) -> str:
    return urlstate.selectbox(label, [ar.ALL, *options], key, ar.ALL,
                              format_func=lambda v: labels.get(v, str(v)),
                              refused=lambda v: f"{label} '{v}' in de link bestaat niet in het actieplan; getoond: alle.")


plan = data.run("regie_plan")
objectives = data.run("regie_objectives")
every = ar.followed(data.run("regie_actions"), ar.plan_years(plan))
st.title("Regie: actieplan W13 2023-2025")
if not presentation.active():   # a slide has neither the sidebar nor the page's filters
    st.caption("Het actieplan van W13 met zijn eigen filters; de filters in de zijbalk gelden hier niet.")
# On a slide the choices are hidden (they keep their value); the actions' slide names them (`chosen`).
with presentation.hidden():
    left, middle, right = st.columns(3)
with left:
    objective = choice("Doelstelling", "regie_doel", objectives["code"].tolist(),
                       {ar.ALL: "alle doelstellingen"} | {o.code: f"{o.code} · {o.title[:60]}…" if len(o.title) > 60
                                                          else f"{o.code} · {o.title}" for o in objectives.itertuples()})
with middle:
    leads = sorted({lead for row in every["leads"] for lead in row})
    lead = choice("Trekker", "regie_trekker", leads, {ar.ALL: "alle trekkers"})
with right:
    year_options = [str(y) for y in ar.plan_years(plan)]
    year = choice("Werkjaar", "regie_jaar", year_options, {ar.ALL: "alle werkjaren"})
view = collected(objective, lead, year)
model, action_tables, figures = view.model, view.action_tables, view.figures
goal_tables = goals()[1]
# The meeting pack leads when a meeting is recorded: the meeting, the region's figures, the plan, then the
# partnerships' budgets and trajectories (drawn with the pack on the page, in this order on the projector).
PACK = {"kerncijfers": "headline", "budgetten": "budgets", "trajecten": "trajectories"}
has_pack = not model.meetings.empty
# The pack's figures, once per data version (no filter changes them).
pack = data.keyed(("regie pakket",), ur.pack, data.run, keyed=data.keyed) if has_pack else None


def meeting_labels() -> dict[str, str]:
    return {str(m.id): f"{m.name} van {fmt.day(m.held_on)}" for m in model.meetings.itertuples()}


def chosen_meeting() -> str | None:
    """The meeting the pack's choice holds this run, read before it is drawn
    (the slides are counted first): the session's choice, else the link's,
    else the latest (`meeting_pack` draws the choice with the same default)."""
    labels = meeting_labels()
    held = [st.session_state.get("vergadering"), *st.query_params.get_all("vergadering")[-1:]]
    return next((m for m in held if m in labels), next(iter(labels), None))


def changes_of(meeting: str | None) -> pd.DataFrame:
    """The status records since the previous meeting of `meeting`'s consultation (none without a meeting)."""
    if meeting is None:
        return pd.DataFrame()
    return ar.since_previous(model.meetings, data.run("regie_changes"), int(meeting))[2]


# The goals on two slides: with the plan's names of their indicators, all eight filled more than a screen.
GOAL_SLIDES = ("doelstellingen", "doelstellingen vervolg")
GOAL_SPLIT = (len(model.goals) + 1) // 2
slides = Slides([presentation.Rows("vergadering", len(changes_of(chosen_meeting())), "wijzigingen",
                                   per_slide=PACK_CHANGES), "kerncijfers"] * has_pack
                + ["acties", "overleg", *GOAL_SLIDES] + ["budgetten", "trajecten"] * has_pack)
plan_line = (f"Bron: {model.citation}. De status en de vergaderingen registreert "
             "de regisseur zelf (onderaan); het plan zelf verandert daardoor niet.")
st.caption(plan_line)
plan = model.citation
if MESSAGE in st.session_state:
    st.success(st.session_state.pop(MESSAGE), icon=":material/check_circle:")


def status_summary() -> str:
    counts = model.status.groupby(["year", "status"]).size()
    return " · ".join(f"**{y}**: " + ", ".join(f"{counts[(y, s)]} {ur.STATUS_LABELS[s]}" for s in regie.STATUSES
                                          if (y, s) in counts) for y in model.shown_years
                      if y in counts.index.get_level_values(0))


def chosen() -> str:
    """The page's choices in words, for a slide (where they are hidden); empty when all is shown."""
    picked = [(label, value) for label, value in (("Doelstelling", objective), ("Trekker", lead), ("Werkjaar", year))
              if value != ar.ALL]
    return " · ".join(f"**{label}**: {urlstate.plain(value)}" for label, value in picked)


def meeting_pack() -> str | None:
    """A recorded meeting (`?vergadering=<nr>`): what changed since the
    previous meeting of that consultation, and pinning the figures for it.
    Returns what names the pack's files: the consultation, the meeting's
    day and the snapshot (`rose_av_20261201_20261206-1a2b3c4d`)."""
    meetings = model.meetings
    if meetings.empty:
        if not presentation.active():
            st.caption("Vergaderpakket: registreer eerst een vergadering (onderaan); daarna toont deze pagina per "
                       "vergadering wat sinds de vorige vergadering van dat overleg veranderde.")
        return None
    st.header("Vergaderpakket")
    labels = meeting_labels()
    chosen = urlstate.selectbox("Vergadering", list(labels), "vergadering", next(iter(labels)),
                                format_func=labels.get,
                                refused=lambda v: f"Vergadering '{v}' in de link is niet geregistreerd; getoond: de "
                                                  "laatste.")
    meeting, previous, changed = ar.since_previous(meetings, data.run("regie_changes"), int(chosen))
    since = f"sinds de vorige vergadering ({fmt.day(previous)})" if previous else "sinds het begin van het plan"
    part = slides.part("vergadering")
    st.subheader(f"{meeting['name']}, {fmt.day(meeting['held_on'])}: statuswijzigingen {since}{part.label}")
    consultations = data.run("regie_consultations")
    table = ur.history_table(changed, dict(zip(consultations["code"], consultations["name"]))).drop(
        columns=["Ongedaan"])
    day = f"{meeting['code']}_{meeting['held_on']:%Y%m%d}"
    name = f"regie_vergadering_{day}"
    snapshot = data.active_snapshot() or snapshots.snapshot_id(data.data_version())
    if changed.empty:
        st.info("Geen statuswijzigingen in die periode.", icon=":material/info:")
    else:
        show_table("vergadering", table, kept=(chosen,), part=part if part.total == len(table) else None)
        components.downloads(ur.with_plan_source(table, plan), name, [plan_line], key="regie_pakket")
    if not presentation.active():
        left, right = st.columns([1, 3], vertical_alignment="center")
        if left.button("Handout maken", icon=":material/print:", width="stretch",
                       help="Een afdrukbaar HTML-bestand (A4) met dezelfde tabellen en grafieken, de momentopname "
                            "en de datum."):
            with st.spinner("Handout wordt gemaakt (grafieken tekenen)…"):
                st.session_state[HANDOUT] = (name, regie_report.render(
                    model, action_tables, goal_tables, figures, data.version_label(), date.today(), meeting, table,
                    pack))
        made = st.session_state.get(HANDOUT)
        if made and made[0] == name:
            right.download_button("Handout downloaden (HTML, afdrukbaar)", made[1], f"{name}.html",
                                  mime="text/html", icon=":material/download:", on_click="ignore")
    if not presentation.active() and not data.active_snapshot() and auth.signed_in():
        auth.confirmed("regie_vastzetten", "Vastzetten en presenteren", ":material/co_present:",
                       on_confirmed=pin_and_present,
                       help="Bewaart de cijfers van nu (een momentopname: de link toont ze ook na nieuwe gegevens) "
                            "en start de presentatiemodus op deze pagina.")
    return f"{day}_{snapshot}"


def pin_and_present() -> None:
    """What the sidebar's "Vastzetten voor vergadering" does, then the
    presentation toggle (a callback once the password is confirmed: it runs
    before the widgets)."""
    if data.pin():
        st.session_state[presentation.KEY] = True


def pack_section(slide: str, files: str | None) -> None:
    """The pack's figure section of `slide`, its CSV/XLSX named `regie_pakket_<slide>_<files>` (`meeting_pack`)."""
    section: ur.PackSection = getattr(pack, PACK[slide])
    st.subheader(section.title)
    if not presentation.active():   # on a slide the table needs the room (its Kwaliteit column says what is
        if section.modelled:         # modelled); the handout has both
            components.modelled_badge(section.modelled)
        st.caption(section.lead)
    show_table(f"pakket_{slide}", section.table, kept=())
    # On a slide one source line, read whole (static/presentation.css), without the notes the page and the
    # handout give: the headline's notes took six lines of a laptop's slide.
    for line in [" · ".join(map(fmt.cited, section.sources))] if presentation.active() else section.sources:
        st.caption(line)
    components.downloads(section.export, f"regie_pakket_{slide}_{files}", section.notes, key=f"regie_pakket_{slide}",
                         decimals=section.decimals)


files = meeting_pack() if slides.show("vergadering") else None   # None on a slide: no downloads there
for slide in PACK:
    if has_pack and slides.show(slide):
        pack_section(slide, files)

if slides.show("acties"):
    st.header("Acties per doelstelling")
    if model.actions.empty:
        st.info("Geen acties voor deze keuze van doelstelling, trekker en werkjaar.", icon=":material/filter_alt_off:")
    else:
        # On a slide the chart alone, as tall as the screen allows: its bars carry the counts.
        summary = chosen() if presentation.active() else status_summary()
        if summary:
            st.markdown(summary)
        components.chart(figures["status"], key="regie_status",
                         filename=f"regie_status_{year}")
        for o in model.objectives.itertuples() if not presentation.active() else ():   # the chart on the projector
            st.subheader(f"{o.code} · {o.title}")
            table = action_tables[o.code]
            if table.empty:
                st.caption("Geen acties in het plan voor deze keuze.")
                continue
            # The status columns show the years ("–": none).
            show_table(f"acties_{o.code}", table, hidden=IN_EXPORT, kept=(objective, lead, year))
        if not presentation.active():
            st.caption(f"{HOW_COUNTED} Partners, timing en werkjaren per actie: in de download (CSV/XLSX).")
        if not view.exports["acties"].empty:
            components.downloads(view.exports["acties"], f"regie_acties_{year}", [plan_line, HOW_COUNTED],
                                 key="regie_acties")

if slides.show("overleg"):
    st.header("Overleg: vergaderingen tegen de afgesproken frequentie")
    if not presentation.active():   # on a slide the table says it (the chart beside it had no room for its names)
        components.chart(figures["cadence"], key="regie_cadans", filename=f"regie_overleg_{year}")
    show_table("overleg", view.cadence, kept=(objective, lead, year))
    missing = model.cadence[model.cadence["met"] == False]   # noqa: E712 (None: no minimum agreed)
    this_year = date.today().year
    behind = missing[missing["year"] < this_year]
    if len(behind) and not presentation.active():
        st.warning("Minder vergaderingen geregistreerd dan afgesproken: " + "; ".join(
            f"{r.name} {r.year} ({r.text})" for r in behind.itertuples()), icon=":material/event_busy:")
    if not presentation.active():
        st.caption("Afspraak uit het actieplan per overleg: " + "; ".join(
            f"{r.name}: {r.cadence}" for r in data.run("regie_consultations").itertuples()))
    components.downloads(view.exports["overleg"], f"regie_overleg_{year}", [plan_line], key="regie_overleg")
    if not presentation.active() and len(model.meetings):
        with st.expander(f"Geregistreerde vergaderingen ({len(model.meetings)})", icon=":material/event:"):
            show_table("vergaderingen", model.meetings.assign(held_on=model.meetings["held_on"].map(fmt.day))[
                ["name", "held_on", "note", "by"]].rename(columns={"name": "Overleg", "held_on": "Datum",
                                                                   "note": "Toelichting", "by": "Door"}))

if any(slides.show(slide) for slide in GOAL_SLIDES):
    if presentation.active():   # each half of the goals' latest figures on a slide of its own
        half = model.goals[:GOAL_SPLIT] if slides.current == GOAL_SLIDES[0] else model.goals[GOAL_SPLIT:]
        st.header(f"Doelstellingen VDAB-samenwerkingsovereenkomst {half[0].number}-{half[-1].number}")
        every_goal = pd.concat([goal_tables[g.code].assign(Doelstelling=f"{g.number}. {g.title}") for g in half
                                if g.code in goal_tables])
        show_table("doelstellingen", every_goal[["Doelstelling", "Indicator", "Jaar", AREA, ur.FLANDERS]])
        without = [g.title for g in half if g.code not in goal_tables]
        if without:
            st.caption(f"{ar.NO_INDICATOR.capitalize()}: " + ", ".join(without) + ".")
    else:
        st.header("Doelstellingen van de samenwerkingsovereenkomst VDAB en lokale besturen (WSE-LR4)")
        st.caption(f"Per doelstelling de indicatoren uit de databank voor {AREA} tegen Vlaanderen, in het laatste jaar "
                   "waarin elke gemeente van beide een cijfer heeft, met het verloop sindsdien. Welke indicator bij "
                   "welke doelstelling hoort, staat in het actieplan-bestand.")
    for goal in model.goals if not presentation.active() else ():
        st.subheader(f"{goal.number}. {goal.title}")
        if goal.actions:
            st.caption("Acties in het plan: " + ", ".join(goal.actions))
        if goal.figures.empty:
            st.info(f"{ar.NO_INDICATOR.capitalize()} voor deze doelstelling.", icon=":material/info:")
            continue
        show_table(f"doel_{goal.code}", goal_tables[goal.code], kept=())
        years = goal.figures["year"].dropna()
        st.caption(components.source_text(goal.indicators, int(years.max()) if len(years) else None))
    components.downloads(view.exports["doelstellingen"], "regie_doelstellingen", [plan_line], key="regie_doelen")


def save(done: str, change, *args) -> None:
    """The one write of the page: `change(con, *args)` on a new published
    store version (`backoffice.importer.publish`), then a rerun with `done`."""
    try:
        result = importer.publish(change, *args)
    except (SourceError, duckdb.Error) as exc:
        st.error(f"Niet opgeslagen: {exc}", icon=":material/error:")
        return
    st.session_state[MESSAGE] = done.format(id=result)
    st.rerun()


def action_label(number: str) -> str:
    row = every.set_index("number").loc[number]
    return f"{number} {row['title']}"


def record(user: str) -> None:
    status_tab, meeting_tab, history_tab = st.tabs(["Status van een actie", "Vergadering", "Geschiedenis"])
    with status_tab, st.form("regie_status_form"):
        number = st.selectbox("Actie", every["number"].tolist(), format_func=action_label)
        year_ = st.selectbox("Werkjaar", model.years, index=model.years.index(min(max(date.today().year,
                                                                                     model.years[0]),
                                                                                 model.years[-1])))
        status = st.selectbox("Status", list(regie.STATUSES), format_func=ur.STATUS_LABELS.get)
        note = st.text_area("Toelichting", help="Verplicht bij 'uitgesteld' en 'geschrapt'.")
        password = auth.password_again("regie_status")
        if (st.form_submit_button("Status opslaan", type="primary", icon=":material/save:")
                and auth.confirm(password)):
            save(f"Status opgeslagen: actie {number}, {year_}: {ur.STATUS_LABELS[status]} (wijziging {{id}}).",
                 regie_progress.record_status, number, int(year_), status, note, user)
    consultations = data.run("regie_consultations")
    names = dict(zip(consultations["code"], consultations["name"]))
    with meeting_tab, st.form("regie_overleg_form"):
        code = st.selectbox("Overleg", list(names), format_func=names.get)
        held_on = st.date_input("Datum", value=date.today(), format="DD/MM/YYYY", min_value=date(2000, 1, 1))
        note = st.text_input("Toelichting (optioneel)")
        password = auth.password_again("regie_overleg")
        if (st.form_submit_button("Vergadering opslaan", type="primary", icon=":material/event_available:")
                and auth.confirm(password)):
            save(f"Vergadering opgeslagen: {names[code]} van {fmt.day(held_on)} (wijziging {{id}}).",
                 regie_progress.record_meeting, code, held_on, note, user)
    with history_tab:
        history(user)


def history(user: str) -> None:
    changes = model.history
    if changes.empty:
        st.info("Nog niets geregistreerd.", icon=":material/info:")
        return
    consultations = data.run("regie_consultations")
    shown = ur.history_table(changes, dict(zip(consultations["code"], consultations["name"])))
    show_table("geschiedenis", shown)
    components.downloads(ur.with_plan_source(shown, plan), "regie_geschiedenis", [plan_line], key="regie_geschiedenis")
    active = changes.loc[changes["undone_at"].isna(), "id"].astype(int).tolist()
    if not active:
        return
    target = st.selectbox("Wijziging ongedaan maken", active, key=f"regie_terug_{active[0]}",
                          format_func=lambda i: shown.set_index("Nr.").at[i, "Wijziging"] + f" (nr. {i})")
    if auth.confirmed("regie_terug_knop", "Ongedaan maken", ":material/undo:"):
        save("Wijziging {id} ongedaan gemaakt.", regie_progress.undo, target, user)


if not presentation.active():
    st.header("Voortgang bijwerken")
    user = auth.signed_in()
    if user is None:
        st.info("Alleen voor beheerders: meld u aan op de pagina Beheer om een status of een vergadering te "
                "registreren.", icon=":material/lock:")
        st.page_link("views/beheer.py", label="Naar Beheer (aanmelden)", icon=":material/login:")
    else:
        record(user)
