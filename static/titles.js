// Regiomonitor Werk: a chart's title in lines as long as its chart holds.
//
// The server wraps chart titles for a phone (charts.theme.TITLE_WRAP, 40
// characters): it does not know how wide a chart is drawn, and plotly wraps
// no text. This script (loaded once per tab by app.py, with nl.js) wraps each
// title again, as drawn, to its chart's width, measured in the title's own
// font: a wide chart on a laptop gets its title on one line, and the top
// margin back that its other lines took; a phone's chart keeps the server's
// lines, unless they run out of it (a slide's longer lines, ui.components.SLIDE_WRAP, on a phone): then
// more lines, and the top margin they take. The server's title stays the source, so a narrower window
// wraps it again. No markup in this file (see nl.js). One plotly relayout per chart whose title gets other lines (no
// second figure from the server, no rerun); none on a phone but for a slide's titles. A new figure in a chart
// measured before (a year change) is drawn with its title in fewer lines at once (`before`, through
// redraw.js), as the last draw found them fitting there: a relayout after the draw redrew it (about as
// costly as the draw).
(() => {
  if (window.__rmTitles) return;
  window.__rmTitles = true;
  const LINE_PX = TITLE_LINE_PX;   // charts.theme.TITLE_LINE_PX, put in by app.py
  const BREAK = "\x3cbr>";          // plotly's line break, escaped: Streamlit drops a script that holds a tag
  const measure = document.createElement("canvas").getContext("2d");

  const wrap = (text, width) => text.split(" ").reduce((lines, word) => {
    const longer = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && measure.measureText(longer).width <= width) lines[lines.length - 1] = longer;
    else lines.push(word);
    return lines;
  }, []).join(BREAK);

  const fit = (gd) => {
    const text = gd.layout && gd.layout.title && gd.layout.title.text;
    const drawn = gd.querySelector(".gtitle"), svg = gd.querySelector(".main-svg");
    if (!text || !drawn || !svg) return;
    if (text !== gd.__rmShown) {   // a title from the server
      gd.__rmSource = text;
      gd.__rmMargin = gd.layout.margin && gd.layout.margin.t;
      delete gd.dataset.rmTitle;
    }
    const source = gd.__rmSource, chart = svg.getBoundingClientRect(), box = drawn.getBoundingClientRect();
    if (!chart.width) return;   // hidden (the other width's copy, ui.layout.by_width)
    const done = () => { gd.dataset.rmTitle = "passend"; };   // for the browser tests
    const over = text === source && (box.right > chart.right + 1 || box.left < chart.left - 1);
    if ((!source.includes(BREAK) && !over) || gd.__rmMargin == null) return done();
    const style = getComputedStyle(drawn);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    if (place(gd)) measured.set(place(gd), {font: measure.font, left: Math.max(box.left, chart.left) - chart.left});
    const wrapped = wrap(source.split(BREAK).join(" "), chart.right - Math.max(box.left, chart.left) - 8);
    const fewer = source.split(BREAK).length - wrapped.split(BREAK).length;
    // The server's lines, unless fewer, or unless they run out of the chart (a slide's longer lines on a phone).
    if (wrapped === text || (text === source && fewer <= 0 && !over)) return done();
    // A line more as high as the drawn ones (a slide's 20 px title), a line less as the server counted it.
    const line = fewer < 0 ? Math.max(LINE_PX, box.height / text.split(BREAK).length) : LINE_PX;
    gd.__rmShown = wrapped;
    window.Plotly.relayout(gd, {"title.text": wrapped, "margin.t": gd.__rmMargin - fewer * line}).then(done);
  };

  // A chart's place: its Streamlit key (a new figure comes in a new element there), and how its title was drawn.
  const measured = new Map();
  const place = (gd) => {
    const keyed = gd.closest('[class*="st-key-"]');
    return keyed && [...keyed.classList].find((c) => c.startsWith("st-key-"));
  };
  const before = (gd, layout) => {
    const m = place(gd) && measured.get(place(gd)), text = layout.title && layout.title.text;
    if (!m || !text || text === gd.__rmShown || !layout.width || !layout.margin || layout.margin.t == null) {
      return layout;
    }
    measure.font = m.font;
    const wrapped = wrap(text.split(BREAK).join(" "), layout.width - m.left - 8);
    const fewer = text.split(BREAK).length - wrapped.split(BREAK).length;
    if (fewer <= 0) return layout;   // the same lines, or more: more wait for the drawn title's height (`fit`)
    gd.__rmSource = text;
    gd.__rmMargin = layout.margin.t;
    gd.__rmShown = wrapped;
    return {...layout, title: {...layout.title, text: wrapped},
            margin: {...layout.margin, t: layout.margin.t - fewer * LINE_PX}};
  };
  (window.__rmBeforeDraw || (window.__rmBeforeDraw = [])).push(before);

  // Every chart, once: after each of its draws (a new figure, a new width), once per frame at most.
  let queued = false;
  const hook = () => {
    queued = false;
    for (const gd of document.querySelectorAll(".js-plotly-plot")) {
      if (gd.__rmTitled || !gd.on) continue;
      gd.__rmTitled = true;
      gd.on("plotly_afterplot", () => requestAnimationFrame(() => fit(gd)));
      fit(gd);
    }
  };
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(hook); } })
    .observe(document.body, {childList: true, subtree: true});
  hook();
})();
