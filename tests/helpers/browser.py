"""The real app in a real browser, shared by the browser tests (tests/e2e)
and the benchmarks (bench/run.py, bench/load.py).

- `app_pages()`: the pages listed in app.py `PAGES`, read from its syntax
  tree, so every new page is tested and measured as soon as it is listed.
- `Server`: `streamlit run` on a free loopback port with its own store, and
  the resident memory of that process.
- `launch()`: Debian's headless Chromium (Playwright's own browser download
  does not work offline).
- In-page probes (JavaScript): when a script run has finished, whether the
  charts are drawn, and a signature of what the main area shows.

Waiting follows Streamlit's own e2e tests: the `stApp` element carries
`data-test-connection-state` and `data-test-script-state`; a run is over
when the app is `CONNECTED` and `notRunning`. To not mistake the state
*before* a rerun for its end, `PROBE` also notes (browser clock,
`performance.now()`) when the server's "script finished" message arrives;
a wait for a run after time `since` needs one that arrived after `since`.

Helpers that are one Playwright call return that call's result, so they work
with both the sync API (tests) and the async API (benchmarks: `await` them).
"""
from __future__ import annotations

import ast
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.source_util import page_icon_and_name

from loaders import build, versions
from loaders.config import PROJECT_ROOT, data_dir
from loaders.store import connect

APP = PROJECT_ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 90_000   # generous: other work may share the two cores


@dataclass(frozen=True)
class AppPage:
    title: str
    script: str
    url_path: str   # "" for the default page, as Streamlit serves it

    @property
    def slug(self) -> str:
        return Path(self.script).stem


def app_pages(app_file: Path = APP) -> list[AppPage]:
    """Every `st.Page(...)` in the `PAGES` list of app.py, in menu order."""
    tree = ast.parse(app_file.read_text(encoding="utf-8"))
    listed = next(node.value for node in ast.walk(tree)
                  if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets))
    pages = []
    for call in listed.elts:
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        script = ast.literal_eval(call.args[0]) if call.args else kwargs["page"]
        name = page_icon_and_name(Path(script))[1]
        url_path = kwargs.get("url_path", name).strip("/")
        pages.append([kwargs.get("title") or name.replace("_", " "), script, url_path, bool(kwargs.get("default"))])
    if not any(default for *_, default in pages):
        pages[0][3] = True
    return [AppPage(title, script, "" if default else url_path) for title, script, url_path, default in pages]


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian package 'chromium'; scripts/ensure_chromium.sh installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is missing (requirements.txt)"
    return None


def launch(chromium):
    """Headless Chromium from `playwright.chromium` (sync or async API)."""
    return chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_loopback(url: str) -> bool:
    """True for requests that stay on this machine (and data:/blob: URLs)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fresh_store(folder: Path) -> Path:
    """A store built from the reference files in `folder` (benchmarks)."""
    path = folder / "regiomonitor.duckdb"
    build.build(path, data_dir(), progress=lambda _: None)
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a store (a published version is complete; a plain
    store file a test wrote is checkpointed first), so the app's server
    (another process) can write its own versions next to it."""
    if not versions.is_published(source):
        with connect(source) as con:
            con.execute("checkpoint")
    shutil.copyfile(source, target)
    return target


class Server:
    """`streamlit run <script>` on a free loopback port, from the project root
    (so `.streamlit/config.toml` applies), with `REGIOMONITOR_DB=db`."""

    def __init__(self, script: Path, db: Path | None, log: Path):
        self.script, self.db, self.log = script, db, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = dict(os.environ)
        if self.db is not None:
            env["REGIOMONITOR_DB"] = str(self.db)
        streamlit = Path(sys.executable).parent / "streamlit"
        cmd = [str(streamlit)] if streamlit.exists() else [sys.executable, "-m", "streamlit"]
        cmd += ["run", str(self.script), "--server.headless", "true", "--server.port", str(self.port),
                "--server.address", "127.0.0.1"]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            self._wait_healthy(timeout=120)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit stopped (exit {self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def rss_mb(self) -> float:
        """Resident memory of the server process (MiB), from /proc."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmRSS not found")

    def page_url(self, page: AppPage, query: str = "") -> str:
        return self.url + page.url_path + (f"?{query.lstrip('?')}" if query else "")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- In-page probes ---------------------------------------------------------

# Added to every page before its own scripts (context.add_init_script):
# notes when the browser receives the server's "script finished" message
# (a ForwardMsg whose top-level field `script_finished` is set; read from the
# websocket, since under heavy load React may never render the short
# `running` state) and the time of the last user input.
PROBE = """(() => {
  if (window.__rm) return;
  const rm = window.__rm = {finished: [], input: 0};
  const FINISHED = SCRIPT_FINISHED_FIELD;
  const isFinished = (buf) => {   // walk the top-level protobuf fields only
    let i = 0;
    const varint = () => {
      let v = 0, scale = 1, b;
      do { b = buf[i++]; v += (b & 0x7f) * scale; scale *= 128; } while (b & 0x80 && i < buf.length);
      return v;
    };
    while (i < buf.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (field === FINISHED && wire === 0) return true;
      if (wire === 0) varint();
      else if (wire === 2) { const length = varint(); i += length; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const t = performance.now();
        if (event.data instanceof ArrayBuffer) {
          if (isFinished(new Uint8Array(event.data))) rm.finished.push(t);
        } else if (event.data instanceof Blob) {
          event.data.arrayBuffer().then(b => { if (isFinished(new Uint8Array(b))) rm.finished.push(t); });
        }
      });
    }
  };
  for (const type of ['pointerup', 'keydown']) {
    document.addEventListener(type, () => { rm.input = performance.now(); }, true);
  }
})();""".replace("SCRIPT_FINISHED_FIELD", str(ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number))

# (since) -> browser time the server's "script finished" message for a run
# after `since` arrived, once the app shows it (connected, notRunning, no
# element still loading); false until then.
RUN_DONE = """(since) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || !window.__rm) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const finished = window.__rm.finished.filter(t => t >= since);
  return finished.length ? finished[finished.length - 1] : false;
}"""

NOW = "() => performance.now()"
LAST_INPUT = "() => window.__rm.input"
# Bytes fetched over HTTP so far (HTML, scripts, styles, fonts, images).
HTTP_BYTES = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""

# Per visible chart in the main area (every chart and map is plotly SVG):
# how many data marks it drew (traces, heatmap images, pie slices, sankey links).
CHARTS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return [];
  const marks = '.trace path, .trace .point, .slice path, .sankey-link, .sankey-node rect, .hm image';
  const hasData = m => m.tagName === 'rect' ? +m.getAttribute('height') > 0 && +m.getAttribute('width') > 0
    : m.tagName === 'image' ? (m.getAttribute('href') || m.getAttribute('xlink:href') || '').length > 30
    : (m.getAttribute('d') || '').length > 4;
  return [...main.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(el => el.getClientRects().length > 0)
    .map((el, index) => ({index, marks: [...el.querySelectorAll(marks)].filter(hasData).length}));
}"""

# Browser time once every visible chart in the main area shows data, else false.
CHARTS_DRAWN = f"""() => {{
  const charts = ({CHARTS})();
  return charts.every(c => c.marks > 0) ? performance.now() : false;
}}"""

# What the main area shows: its text outside the charts, and the data of every plotly chart. A chart's
# own text settles after it is drawn (static/titles.js rewraps its title, plotly shows the tick names that
# fit its final size), so two loads of one view read at different moments differed there: the charts are
# compared by their data.
SIGNATURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const data = [...main.querySelectorAll('.js-plotly-plot')].map(gd => JSON.stringify((gd.data || []).map(
    t => [t.name, t.x, t.y, t.z, t.values, t.locations, t.link && t.link.value, t.node && t.node.label])));
  const charts = [...main.querySelectorAll('.js-plotly-plot')];   // hidden for a moment: out of innerText
  charts.forEach(gd => gd.classList.add('rm-unread'));
  const style = document.createElement('style');
  style.textContent = '.rm-unread, .rm-unread * { visibility: hidden !important; }';
  document.head.appendChild(style);
  const text = main.innerText;
  style.remove();
  charts.forEach(gd => gd.classList.remove('rm-unread'));
  return {text, charts: data};
}"""


def run_done(page, since: float = 0.0, timeout: float = TIMEOUT_MS):
    """Wait until the run that started after `since` (browser ms) is over;
    returns (a handle to) the browser time it ended."""
    return page.wait_for_function(RUN_DONE, arg=since, timeout=timeout, polling="raf")


def charts_drawn(page, timeout: float = TIMEOUT_MS):
    return page.wait_for_function(CHARTS_DRAWN, timeout=timeout, polling="raf")


# True once every visible chart fills its box and the charts' marks have kept their place and size for
# STILL_FRAMES frames in a row. A Sankey moves its nodes to a new size in a transition of half a second
# (plotly.js's d3 transition) after it is drawn: measured during it, a slide's nodes spanned 410 of their
# final 419 px on a busy CI. A chart on a slide is first drawn at plotly's default height (450 px) and
# redrawn to its box's height (Streamlit's resize observer) some frames later: still for five frames in
# between on a busy CI, a 30-row ranking's names were read over each other.
STILL_FRAMES = 5
CHARTS_STILL = """(frames) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...main.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].filter(gd => gd.getClientRects().length);
  if (!charts.every(gd => Math.abs(gd.querySelector('.main-svg').getBoundingClientRect().height
                                   - gd.closest('[data-testid="stPlotlyChart"]').getBoundingClientRect().height) <= 1)) {
    window.__rmStill = null;
    return false;
  }
  const marks = [...main.querySelectorAll('[data-testid="stPlotlyChart"] :is(.main-svg, .sankey-node rect, .trace path)')]
    .filter(m => m.getClientRects().length);
  const now = marks.map(m => { const b = m.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].join(','); }).join(';');
  const rm = window.__rmStill || (window.__rmStill = {last: null, same: 0});
  rm.same = now === rm.last ? rm.same + 1 : 0;
  rm.last = now;
  return rm.same >= frames;
}"""


def charts_still(page, timeout: float = TIMEOUT_MS):
    """Wait until the charts have stopped moving (`CHARTS_STILL`): before reading their geometry."""
    page.evaluate("() => { window.__rmStill = null; }")
    return page.wait_for_function(CHARTS_STILL, arg=STILL_FRAMES, timeout=timeout, polling="raf")


def sidebar_widget(page, testid: str, label: str):
    """A sidebar widget by its kind (`stSelectbox`, `stMultiSelect`) and label."""
    return _labelled(page.get_by_test_id("stSidebar"), page, testid, label)


def selectbox(page, label: str):
    """The selectbox `label`: the shared one in the sidebar, else the page's own."""
    return _labelled(page.get_by_test_id("stSidebar"), page, "stSelectbox", label).or_(
        _labelled(page.get_by_test_id("stMain"), page, "stSelectbox", label)).first


def _labelled(area, page, testid: str, label: str):
    return area.get_by_test_id(testid).filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
