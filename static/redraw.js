// Regiomonitor Werk: a new figure drawn once, not twice.
//
// Streamlit (1.67) hands plotly.js each new figure twice: as sent, without a width, and again a moment
// later as a JSON copy with its theme applied once more (its title in a second bold tag) and the chart's
// width. plotly.js compares data arrays by identity and decodes the figure's numbers (sent as base64
// arrays, {bdata, dtype}) anew on every call, so each call redrew the whole chart, the second as costly as
// the first (a year change on the Gemeentefiche: about 25 ms each for its two bar charts, measured with
// Plotly.react timed in the page). Streamlit's chart is bundled in Streamlit, so this wraps Plotly.react
// (the object Streamlit calls) instead: a base64 array is decoded once, into the same typed array each time
// the same numbers come; a trace or layout equal to the one drawn is handed over as the drawn object; the
// doubled bold tag is one; a first draw gets its box's width. plotly.js then redraws only what changed.
// Before each draw the page's own changes to a layout run (window.__rmBeforeDraw: titles.js's title lines).
// No markup in this file (see nl.js). Loaded once per tab by app.py, guarded like nl.js.
(() => {
  if (window.__rmRedraw) return;
  window.__rmRedraw = true;
  const before = window.__rmBeforeDraw || (window.__rmBeforeDraw = []);
  const TYPED = {u1c: Uint8ClampedArray, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array,
                 i4: Int32Array, u4: Uint32Array, f4: Float32Array, f8: Float64Array};
  const KEPT = 5000;   // decoded arrays kept; then forgotten at once (a page's charts hold a few hundred)
  const arrays = new Map();

  // As plotly.js decodes it (src/lib/array.js: one or two dimensions, numpy's order), keeping the spec's
  // fields on the array as plotly.js does, so that a JSON copy of it is that spec again.
  const decode = (spec) => {
    const T = TYPED[spec.dtype], key = `${spec.dtype}|${spec.shape}|${spec.bdata}`;
    if (!T) return spec;
    if (arrays.has(key)) return arrays.get(key);
    const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0)).buffer;
    const shape = spec.shape === undefined ? [bytes.byteLength / T.BYTES_PER_ELEMENT]
      : String(spec.shape).split(",").map(Number);
    let out;
    if (shape.length === 1) out = new T(bytes);
    else if (shape.length === 2) {
      out = Array.from({length: shape[0]}, (_, i) => new T(bytes, i * shape[1] * T.BYTES_PER_ELEMENT, shape[1]));
    } else return spec;
    Object.assign(out, {bdata: spec.bdata, dtype: spec.dtype, shape: shape.join(",")});
    if (arrays.size >= KEPT) arrays.clear();
    arrays.set(key, out);
    return out;
  };
  // `value` with every base64 array decoded: the same object where there was none.
  const decoded = (value) => {
    if (!value || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
    if (typeof value.bdata === "string" && value.dtype) return decode(value);
    let copy = null;
    for (const [key, item] of Object.entries(value)) {
      const d = decoded(item);
      if (d !== item) (copy || (copy = Array.isArray(value) ? [...value] : {...value}))[key] = d;
    }
    return copy || value;
  };
  const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);
  const BOLD = /^(\x3cb>)+([\s\S]*?)(\x3c\/b>)+$/;   // escaped: Streamlit drops a script that holds a tag

  const figure = (gd, fig) => {
    let layout = fig.layout || {};
    const title = layout.title && layout.title.text;
    if (typeof title === "string" && BOLD.test(title)) {
      layout = {...layout, title: {...layout.title, text: title.replace(BOLD, "\x3cb>$2\x3c/b>")}};
    }
    if (layout.width == null) {   // read only then: it makes the browser lay out the page
      const width = parseFloat(getComputedStyle(gd).width);
      if (width > 0) layout = {...layout, width};
    }
    for (const change of before) layout = change(gd, layout);
    let data = decoded(fig.data || []);
    if (gd.data && gd.layout) {
      if (data !== gd.data && data.length === gd.data.length) {
        const kept = data.map((trace, i) => same(trace, gd.data[i]) ? gd.data[i] : trace);
        data = kept.every((trace, i) => trace === gd.data[i]) ? gd.data : kept;
      }
      if (same(layout, gd.layout)) layout = gd.layout;
    }
    return {...fig, data, layout};
  };

  const wrap = () => {
    const P = window.Plotly;
    if (!P || P.__rmRedraw) return;
    P.__rmRedraw = true;
    arrival.disconnect();
    const react = P.react;
    P.react = function (gd, fig, ...rest) {
      // Streamlit calls it with one figure object; any other call goes to plotly.js as it came.
      const one = gd instanceof HTMLElement && fig && typeof fig === "object" && !Array.isArray(fig) && !rest.length;
      return react.call(this, gd, one ? figure(gd, fig) : fig, ...rest);
    };
  };
  // plotly.js arrives with the first chart (a chunk of its own): wrap it then.
  const arrival = new MutationObserver(wrap);
  arrival.observe(document.body, {childList: true, subtree: true});
  wrap();
})();
