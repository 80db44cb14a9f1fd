// Regiomonitor Werk: a chart's title in lines as long as its chart holds.
//
// The server wraps chart titles for a phone (charts.theme.TITLE_WRAP, 40
// characters): it does not know how wide a chart is drawn, and plotly wraps
// no text. This script (loaded once per tab by app.py, with nl.js) wraps each
// title again, as drawn, to its chart's width, measured in the title's own
// font: a wide chart on a laptop gets its title on one line, and the top
// margin back that its other lines took; a phone's chart keeps the server's
// lines. The server's title stays the source, so a narrower window wraps it
// again. No markup in this file (see nl.js). One plotly relayout per chart whose title gets fewer lines (no
// second figure from the server, no rerun); none on a phone.
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
    if (!source.includes(BREAK) || gd.__rmMargin == null) return done();
    const style = getComputedStyle(drawn);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const wrapped = wrap(source.split(BREAK).join(" "), chart.right - box.left - 8);
    const fewer = source.split(BREAK).length - wrapped.split(BREAK).length;
    if (wrapped === text || (text === source && fewer <= 0)) return done();   // the server's lines, unless fewer
    gd.__rmShown = wrapped;
    window.Plotly.relayout(gd, {"title.text": wrapped, "margin.t": gd.__rmMargin - fewer * LINE_PX}).then(done);
  };

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
