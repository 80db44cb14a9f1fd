// Regiomonitor Werk: after the tab reconnects, run the page again with what the browser shows.
//
// When the server holding a tab goes away (a replica restarted or killed, a network hiccup), Streamlit's
// frontend reconnects (through nginx, to another replica) but does not rerun, and a choice made in the
// second the connection was down is lost: the message asking for the run had nowhere to go (Streamlit
// drops what it cannot send). The sidebar then showed the new year and the page the old one until the next
// click (bench.load's kill-one run: 2 of 8 sessions). So once the connection is back, ask for a run, as
// Streamlit's own "r" key does; the run carries every value the browser holds (ui.urlstate.pending keeps
// them over the link's). Loaded once per tab by app.py, guarded like nl.js.
(() => {
  if (window.__rmReconnect) return;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  window.__rmReconnect = true;
  let lost = false;
  new MutationObserver(() => {
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') {
      lost = true;
    } else if (lost) {
      lost = false;
      document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'r', code: 'KeyR', keyCode: 82, which: 82,
                                                                bubbles: true}));
    }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
})();
