// Regiomonitor Werk: a map removed while plotly.js still fetched its boundary file.
//
// plotly.js draws a geo map (our choropleths read their GeoJSON from a URL) once the file has arrived; when
// Streamlit removes the chart meanwhile (the visitor went to another page before the map was drawn), plotly.js
// still finishes that drawing on the removed chart and fails reading its `_context._scrollZoom`, which went with
// it: an unhandled rejection of the removed chart's own drawing (the load test's 20 sessions met it once). Nothing
// on screen depends on it: the chart is gone, and a map drawn later reads the same file from plotly.js's store.
// plotly.js is bundled inside Streamlit, so the missing check cannot be added there; this drops exactly that
// rejection (a TypeError about `_scrollZoom` thrown by the plotly chart's code) and nothing else: every other
// error still reaches the console, the browser tests and `bench.load`'s count. Loaded once per tab by app.py,
// guarded like nl.js.
(() => {
  if (window.__rmGeoRace) return;
  window.__rmGeoRace = true;
  addEventListener('unhandledrejection', (event) => {
    const error = event.reason;
    if (error instanceof TypeError && /'_scrollZoom'/.test(error.message) && /PlotlyChart/.test(error.stack || '')) {
      event.preventDefault();
    }
  });
})();
