// Regiomonitor Werk: presentation mode's letter size follows the link.
//
// static/presentation.css enlarges the root font (every rem in Streamlit's
// interface grows with it) while the link holds ?presentatie=1. Streamlit's
// charts turn their theme's rem sizes into pixels once, when they are drawn:
// a run that leaves presentation mode draws its charts while the slide's style
// is still in the page (Streamlit drops it when the run ends), and they kept
// the slide's tick size (16,5 px for 12,75 px).
// Streamlit writes the new link (history.pushState/replaceState) before the
// page's first element arrives, so a class on the root that follows the link
// changes the letter size before any chart is drawn again. Injected with the
// style by ui/presentation.py; once per tab (it guards itself). No markup in
// this file: Streamlit's sanitizer drops a script whose text holds a tag.
(() => {
  if (window.__rmPresenting) return;
  window.__rmPresenting = true;
  const follow = () => {
    const value = new URLSearchParams(location.search).getAll("KEY").at(-1);
    document.documentElement.classList.toggle("rm-presenting", value === "1" || value === "true");
  };
  for (const name of ["pushState", "replaceState"]) {
    const native = history[name];
    history[name] = function (...args) {
      const result = native.apply(this, args);
      follow();
      return result;
    };
  }
  addEventListener("popstate", follow);
  follow();
})();
