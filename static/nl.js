// Regiomonitor Werk: Streamlit's own interface strings in Dutch.
//
// Streamlit (1.67) has no option for the language of its built-in texts: the
// file uploader's instructions, "No results" in a dropdown, "Skip to main
// content", the help icons' and toolbars' labels and tooltips. This script
// (loaded once per browser tab by app.py, served from static/, nothing from
// outside) replaces them where they appear: exact texts and attribute values
// from TEXTS, patterns from PATTERNS. Plotly's chart toolbar is translated by
// its own locale option (ui/components.py), not here. Whatever a page writes
// itself is Dutch already and left alone (only whole, known strings change).
(() => {
  if (window.__rmDutch) return;
  window.__rmDutch = true;

  const TEXTS = {
    "Skip to main content": "Naar de inhoud",
    "Collapse sidebar": "Zijbalk inklappen",
    "Expand sidebar": "Zijbalk openen",
    "Sidebar": "Zijbalk",
    "App pages": "Pagina's",
    "Link to heading": "Link naar deze titel",
    "Open": "Openen",
    "Close": "Sluiten",
    "Clear all": "Alles wissen",
    "Clear": "Wissen",
    "Delete": "Verwijderen",
    "Remove": "Verwijderen",
    "Remove file": "Bestand verwijderen",
    "Add files": "Bestand toevoegen",
    "file upload": "bestand opladen",
    "Error:": "Fout:",
    "Show password": "Wachtwoord tonen",
    "Hide password": "Wachtwoord verbergen",
    "Choose an option": "Kies een optie",
    "Choose options": "Kies een of meer opties",
    "No results": "Geen resultaten",
    "No options to select.": "Geen keuzes.",
    "Drag and drop file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Browse files": "Bestand kiezen",
    "Upload": "Opladen",
    "Press Enter to submit form": "Druk op Enter om te verzenden",
    "Press Enter to apply": "Druk op Enter om toe te passen",
    "Running...": "Bezig…",
    "Stop": "Stoppen",
    "Rerun": "Opnieuw uitvoeren",
    "Connecting": "Verbinding maken",
    "Search": "Zoeken",
    "Type to search": "Typ om te zoeken",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Exit fullscreen": "Volledig scherm sluiten",
    "Show/hide columns": "Kolommen tonen of verbergen",
    "Download as CSV": "Downloaden als CSV",
    "Sort ascending": "Oplopend sorteren",
    "Sort descending": "Aflopend sorteren",
    "Autosize": "Breedte aanpassen",
    "Pin column": "Kolom vastzetten",
    "Unpin column": "Kolom losmaken",
    "Hide column": "Kolom verbergen",
    "Format": "Opmaak",
    "Copied to clipboard": "Gekopieerd",
  };
  const PATTERNS = [
    [/^Help for (.+)$/, "Uitleg bij $1"],
    [/^(?:Limit )?(\d+)\s?MB per file(.*)$/, "Hoogstens $1 MB per bestand$2"],
    [/^(.+) files are not allowed\.$/, "Bestanden van het type $1 zijn niet toegestaan."],
    [/^File must be (.+) or smaller\.$/, "Het bestand mag hoogstens $1 groot zijn."],
    [/^Remove (.+)$/, "$1 verwijderen"],
    [/^(\d+)\.(\d+)\s?(B|KB|MB|GB)$/, "$1,$2 $3"],   // a file's size, with a decimal comma
    [/^(.+), (\d+)\.(\d+)\s?(B|KB|MB|GB)$/, "$1, $2,$3 $4"],
  ];
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];
  // Material icons name themselves in English ("science icon"): decoration beside a text.
  const ICON = /^[a-z_]+ icon$/;

  const dutch = (text) => {
    const trimmed = text.trim();
    if (TEXTS[trimmed]) return text.replace(trimmed, TEXTS[trimmed]);
    for (const [pattern, replacement] of PATTERNS) {
      if (pattern.test(trimmed)) return text.replace(trimmed, trimmed.replace(pattern, replacement));
    }
    return null;
  };

  const attributes = (el) => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (!value) continue;
      if (name === "aria-label" && ICON.test(value)) {
        el.removeAttribute(name);
        el.setAttribute("aria-hidden", "true");
        continue;
      }
      const nl = dutch(value);
      if (nl !== null) el.setAttribute(name, nl);
    }
  };

  const text = (node) => {
    if (!node.nodeValue.trim() || node.parentElement?.closest("svg, script, style, textarea")) return;
    if (ICON.test(node.nodeValue.trim())) {   // an icon's hidden name; its button has a label of its own
      node.nodeValue = "";
      return;
    }
    const nl = dutch(node.nodeValue);
    if (nl !== null) node.nodeValue = nl;
  };

  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return text(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    attributes(root);
    for (const el of root.querySelectorAll("[aria-label], [title], [placeholder], [data-title]")) attributes(el);
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) text(node);
  };

  document.documentElement.lang = "nl-BE";
  walk(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") attributes(r.target);
      else if (r.type === "characterData") text(r.target);
      else r.addedNodes.forEach(walk);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                              attributes: true, attributeFilter: ATTRIBUTES});
})();
