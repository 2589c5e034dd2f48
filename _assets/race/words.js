// The race's words on the page (main thread; workers have no document and send data, not text).
// t(text, values) fills in {name} slots; on a Chinese page (<html lang="zh...">) it first looks
// the English up in the JSON that resnet_book/browser_race.py embeds (resnet_book.i18n). English
// pages, Jupyter and Node get the English as written. verdict.js and state.js take a t argument
// (English when none is given), so that they stay pure and their English stays exact.

/** Fill in the {name} slots of TEXT from VALUES; a slot with no value stays as it is. */
export function english(text, values) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
}

let words = null; // English -> 中文, read once, on the first call

export function t(text, values) {
  if (words === null) {
    words = {};
    const doc = globalThis.document;
    if (doc && /^zh/i.test(doc.documentElement.lang)) {
      for (const s of doc.querySelectorAll("script.rb-i18n")) {
        Object.assign(words, JSON.parse(s.textContent));
      }
    }
  }
  return english(words[text] || text, values);
}
