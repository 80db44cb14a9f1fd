"""Beheer: load official exports (CSV, XLSX) into the store, see every
import and undo one. Behind a login (ui.auth), and each import or rollback
asks for the password again (`auth.confirmed`); the same importer as
`python -m loaders import`. A provincies.incijfers.be export as downloaded
is recognised by its content and imported block by block, without a
column mapping or a chosen indicator. Everything taken from an uploaded file (names,
headers, cells) is shown as plain text (dataframes, st.text), never as
Markdown or HTML."""
from __future__ import annotations


import duckdb
import streamlit as st

from backoffice import import_messages, importer, snapshots
from loaders.errors import SourceError
from backoffice.import_check import FIELDS, auto_mapping
from backoffice.import_read import PortalFile, max_upload_mb, read_upload
from common import format as fmt
from ui import auth, components, data
from ui.guards import ADMIN_UPLOADS

MESSAGE_KEY = "beheer_melding"

st.title("Beheer")
# Set only while the last run passed the admin check: ui.guards lets this
# session upload (Streamlit's upload endpoint takes files from any session).
st.session_state.pop(ADMIN_UPLOADS, None)
user = auth.require_admin()
st.session_state[ADMIN_UPLOADS] = True
con = data.connection()
if MESSAGE_KEY in st.session_state:
    st.success(st.session_state.pop(MESSAGE_KEY), icon=":material/check_circle:")


@st.cache_data(max_entries=4, show_spinner="Bestand lezen…")
def read_cached(content: bytes, name: str):
    """A portal workbook takes seconds to read: once per file, not per rerun
    (a refused file raises and is not cached)."""
    return read_upload(content, name)


def failed(title: str, exc: Exception) -> None:
    """A fixed Dutch title; the details (which may quote the file) as text."""
    st.error(title, icon=":material/error:")
    st.text(str(exc))


def import_tab() -> None:
    upload = st.file_uploader(
        "Bestand (CSV of Excel .xlsx)", type=["csv", "xlsx"], key="beheer_bestand",
        help=f"Een export met per rij een NIS-code, een periode en een waarde (en eventueel een doelgroep), of "
             f"een export van provincies.incijfers.be zoals gedownload. Maximaal {max_upload_mb()} MB.")
    if upload is None:
        st.caption("Verwachte kolommen: NIS-code (5 cijfers), periode (jaar, bv. 2015, of maand, bv. 2021-08) en "
                   "waarde; optioneel doelgroep en gemeentenaam. Andere kolomnamen koppelt u na het opladen. "
                   "Een export van provincies.incijfers.be (xlsx of csv) wordt herkend en per indicatorblok "
                   "ingeladen. Na een controle en een voorbeeld kiest u zelf of u importeert.")
        return
    try:
        raw = read_cached(upload.getvalue(), upload.name)
    except SourceError as exc:
        failed("Dit bestand kan niet worden ingelezen; er werd niets opgeslagen.", exc)
        return
    if isinstance(raw, PortalFile):
        portal_import(raw)
    else:
        table_import(raw)


def portal_import(raw: PortalFile) -> None:
    export = raw.export
    st.info(f"Herkend als export van provincies.incijfers.be ({export.layout}) met "
            f"{fmt.number(len(export.blocks))} indicatorblok(ken). Elk blok wordt een officiële reeks; "
            "een blok dat het dashboard nog niet kent wordt een nieuwe indicator.", icon=":material/dataset:")
    check_and_offer(importer.prepare(con, raw), "Per indicatorblok: wat wordt ingeladen")


def table_import(raw) -> None:
    specs = importer.importable(con)
    names = list(specs)
    key = importer.header_key(raw.header)[:12]
    indicator = st.selectbox(
        "Indicator", names, index=names.index(importer.guess_indicator(raw.header, specs)),
        key=f"beheer_indicator_{key}",
        format_func=lambda k: f"{specs[k].label} ({specs[k].unit}, per {'maand' if specs[k].period == 'month' else 'jaar'})")
    spec = specs[indicator]
    suggested = auto_mapping(raw.header, spec, importer.remembered_mapping(con, raw.header))
    missing = any(FIELDS[f]["required"] and suggested[f] is None for f in FIELDS)
    with st.expander("Kolommen koppelen", expanded=missing, icon=":material/table_view:"):
        st.caption("Welke kolom van het bestand hoort bij welk veld? De keuze wordt onthouden voor bestanden "
                   "met dezelfde kolommen.")
        options = [None, *raw.header]
        mapping = {f: st.selectbox(FIELDS[f]["label"] + ("" if FIELDS[f]["required"] else " (optioneel)"),
                                   options, index=options.index(suggested[f]), key=f"beheer_kolom_{f}_{key}",
                                   format_func=lambda v: "(geen)" if v is None else v)
                   for f in FIELDS}
    source = st.text_input("Bron (producent)", value=spec.producer, key=f"beheer_bron_{indicator}",
                           help="Komt in de kolom 'bron' van elke ingeladen waarde, met de bestandsnaam.")
    try:
        prepared = importer.prepare(con, raw, indicator, mapping, source)
    except SourceError as exc:
        failed("De kolommen zijn nog niet juist gekoppeld.", exc)
        return
    check_and_offer(prepared, "Voorbeeld: de eerste rijen zoals ze worden opgeslagen")


def check_and_offer(prepared: importer.Ready, preview_title: str) -> None:
    """The validation report, or the counts, the preview and the import button."""
    for warning in prepared.warnings:
        st.warning("Let op:", icon=":material/warning:")
        st.text(warning)
    report = prepared.report
    if not prepared.ok:
        st.error(f"{fmt.number(report.count)} fout(en) gevonden: er wordt niets ingeladen. Verbeter het bestand "
                 "en laad het opnieuw op.", icon=":material/error:")
        st.dataframe(report.frame(), hide_index=True, width="stretch")
        if report.count > len(report.findings):
            st.caption(f"De eerste {fmt.number(len(report.findings))} van {fmt.number(report.count)} "
                       "meldingen worden getoond.")
        return

    c = importer.counts(con, prepared)
    st.success(f"Geen fouten in {fmt.number(len(prepared.rows()))} waarden.", icon=":material/task_alt:")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Nieuw", fmt.number(c["added"]))
    m2.metric("Vervangen", fmt.number(c["replaced"]), help="Waarden van een eerdere import die wijzigen.")
    m3.metric("Ongewijzigd", fmt.number(c["unchanged"]))
    m4.metric("Officieel vóór gemodelleerd", fmt.number(c["over_modelled"]),
              help="Gemodelleerde waarden die door deze officiële cijfers worden vervangen "
                   f"(en {fmt.number(c['over_official'])} afwijkende ingebouwde officiële waarden).")
    st.subheader(preview_title)
    preview = importer.preview(con, prepared)
    if "kwaliteit" in preview:
        preview = preview.assign(kwaliteit=preview["kwaliteit"].map(components.QUALITY_LABELS))
    st.dataframe(preview, hide_index=True, width="stretch")
    if c["added"] + c["replaced"] == 0:
        st.info(import_messages.nothing_changed(c["unchanged"]), icon=":material/info:")
        return
    if auth.confirmed("beheer_importeer", "Importeren", ":material/upload:"):
        try:
            outcome = importer.publish(importer.commit, prepared, user, "beheer")
        except (SourceError, duckdb.Error) as exc:
            failed("De import is mislukt; er werd niets opgeslagen.", exc)
            return
        st.session_state[MESSAGE_KEY] = (import_messages.stored(outcome) if outcome.import_id is not None
                                         else import_messages.nothing_changed(outcome.unchanged, outcome.same_file_as))
        st.rerun()


def history_tab() -> None:
    history = importer.history(con)
    if history.empty:
        st.info("Nog geen imports.", icon=":material/info:")
        return
    st.dataframe(history, hide_index=True, width="stretch")
    components.downloads(history, "imports", ["Importgeschiedenis van Regiomonitor Werk (Beheer)."],
                         key="beheer_geschiedenis")
    active = importer.active_ids(con)
    if not active:
        return
    st.subheader("Terugdraaien")
    target = st.selectbox("Import", active, key=f"beheer_terug_{active[0]}",  # a new import: a new default
                          format_func=lambda i: f"import {i}" + (" (de laatste)" if i == active[0] else ""))
    later = [i for i in active if i > target]
    st.caption("De waarden van deze import verdwijnen en de waarden die ze verving komen exact terug."
               + (f" Latere imports worden eerst ook teruggedraaid: {', '.join(map(str, later))}." if later else ""))
    sure = st.checkbox("Ik wil dit terugdraaien", key=f"beheer_terug_zeker_{active[0]}")
    if auth.confirmed("beheer_terug_knop", "Terugdraaien", ":material/undo:", disabled=not sure):
        try:
            undone = importer.publish(importer.rollback, target, user)
        except (SourceError, duckdb.Error) as exc:
            failed("Terugdraaien is mislukt; er werd niets gewijzigd.", exc)
            return
        st.session_state[MESSAGE_KEY] = f"Teruggedraaid: import {', '.join(map(str, undone))}."
        st.rerun()


def snapshots_tab() -> None:
    """The meeting snapshots and their size cap; unpinning frees room when a
    new snapshot is refused for the cap (`backoffice.snapshots`)."""
    count, taken = snapshots.usage()
    try:
        cap = auth.deployment_limits(snapshots.Limits)
    except SourceError as exc:
        failed("De limiet van de momentopnamen is verkeerd ingesteld.", exc)
        return
    pins = "momentopname" if count == 1 else "momentopnamen"
    st.caption(f"{fmt.number(count)} {pins} (maximaal {fmt.number(cap.max_count)}); hun versies van de databank "
               f"nemen samen {fmt.number(taken, 1)} MB in (maximaal {fmt.number(cap.max_mb)} MB). Een momentopname "
               "die een van beide limieten zou overschrijden, wordt geweigerd; verlopen momentopnamen gaan eerst weg.")
    table = snapshots.listing()
    if table.empty:
        st.info("Geen momentopnamen.", icon=":material/info:")
        return
    st.dataframe(table, hide_index=True, width="stretch")
    chosen = st.multiselect("Momentopnamen losmaken", table["momentopname"], key="beheer_losmaken_keuze",
                            help="Wie een link met zo'n momentopname opent, ziet daarna de huidige gegevens.")
    if auth.confirmed("beheer_losmaken", "Losmaken", ":material/keep_off:", disabled=not chosen):
        try:
            snapshots.unpin(chosen)
        except (SourceError, OSError) as exc:
            failed("Losmaken is mislukt; de lijst toont welke momentopnamen er nog zijn.", exc)
            return
        st.session_state[MESSAGE_KEY] = f"Losgemaakt: {', '.join(chosen)}."
        st.rerun()


importeren, geschiedenis, momentopnamen = st.tabs(["Importeren", "Geschiedenis", "Momentopnamen"])
with importeren:
    import_tab()
with geschiedenis:
    history_tab()
with momentopnamen:
    snapshots_tab()
