// The race's words on the page (main thread; workers have no document and send data, not text).
// t(text, values) fills in {name} slots; on a Chinese page (<html lang="zh...">) it first looks
// the English up in the JSON that resnet_book/browser_race.py embeds (resnet_book.i18n), through
// the book's words.js. English pages and Node get the English as written. verdict.js and
// state.js take a t argument (English when none is given), so that they stay pure and their
// English stays exact.

/** Fill in the {name} slots of TEXT from VALUES; a slot with no value stays as it is. */
export function english(text, values) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
}

/** The page's words (resnet_book/diagram_assets/words.js, which the book loads on every page);
 * English where there is none (Node, and a page without the book's scripts). */
export function t(text, values) {
  const words = globalThis.ResNetWords;
  return words ? words.t(text, values) : english(text, values);
}
