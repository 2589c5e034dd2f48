// All the race's settings in one place, every key typed and checked (TensorFlow Playground's
// state.ts is the model): the controls and the page's URL (#depths=20,56&lr=0.1&seed=100) both
// go through `check`, so a bad value gets the same message wherever it comes from. Messages are
// templates for t(text, values) (words.js): English without a t, Chinese with the page's t.
import { english } from "./words.js";

export const LIMITS = { maxDepth: 110, maxWidth: 32, maxEpochs: 100, maxSeed: 2 ** 32 - 1,
  trainImages: 1347 };
const NETS = ["both", "plain", "residual"];

// TEMPLATE (already through t) says what is wrong: {low}, {high} and {value} filled in here
function whole(template, text, low, high) {
  const typed = String(text).trim();
  const value = /^[+]?\d+(\.0*)?$/.test(typed) ? Number(typed) : NaN;
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new Error(english(template, { low, high, value: JSON.stringify(typed) }));
  }
  return value;
}

/** Each key: how to read it from text (a control or the URL), and how to write it back. */
export const KEYS = {
  depths: {
    parse(text, t = english) {
      const words = String(text).split(/[\s,;]+/).filter(Boolean);
      if (!words.length) throw new Error(t("type at least one depth, such as 20, 56"));
      const depths = words.map((w) => {
        const d = /^\d+$/.test(w) ? Number(w) : NaN;
        if (!Number.isInteger(d) || d < 8 || (d - 2) % 6) {
          throw new Error(t("depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110); got {value}",
            { value: JSON.stringify(w) }));
        }
        if (d > LIMITS.maxDepth) {
          throw new Error(t("in the browser, depths go up to {max} (deeper nets take minutes an epoch); " +
            "got {value}. Try 20, 56 or 110.", { max: LIMITS.maxDepth, value: d }));
        }
        return d;
      });
      return [...new Set(depths)].sort((a, b) => a - b);
    },
    write: (v) => v.join(","),
  },
  nets: {
    parse(text, t = english) {
      const typed = String(text).trim();
      if (!NETS.includes(typed)) {
        throw new Error(t("nets must be one of {nets}; got {value}",
          { nets: NETS.join(", "), value: JSON.stringify(typed) }));
      }
      return typed;
    },
    write: (v) => v,
  },
  width: { parse: (text, t = english) => whole(t("width must be a whole number from {low} to " +
    "{high} (the paper's is 16, this book's 8); got {value}"), text, 1, LIMITS.maxWidth),
  write: String },
  epochs: { parse: (text, t = english) => whole(t("epochs must be a whole number from {low} to " +
    "{high}; got {value}"), text, 1, LIMITS.maxEpochs), write: String },
  lr: {
    parse(text, t = english) {
      const typed = String(text).trim();
      const v = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(typed) ? Number(typed) : NaN;
      if (!(v > 0 && Number.isFinite(v))) {
        throw new Error(t("the learning rate must be a positive number such as 0.1; got {value}",
          { value: JSON.stringify(typed) }));
      }
      return v;
    },
    write: String,
  },
  n: { parse: (text, t = english) => whole(t("training images must be a whole number from {low} " +
    "to {high} (BN needs 2; the digits have 1,347); got {value}"), text, 2, LIMITS.trainImages),
  write: String },
  seed: { parse: (text, t = english) => whole(t("seed must be a whole number from {low} to " +
    "{high}, such as 0 or 7; got {value}"), text, 0, LIMITS.maxSeed), write: String },
};
export const KEY_NAMES = Object.keys(KEYS);

/** Settings from text values: {settings, errors}; a key with a bad value keeps its default.
 * t (optional) translates the messages (words.js). */
export function check(raw, defaults, t = english) {
  const settings = { ...defaults };
  const errors = [];
  for (const [key, text] of Object.entries(raw)) {
    if (!(key in KEYS)) {
      errors.push(t("unknown setting {key}: the settings are {keys}",
        { key: JSON.stringify(key), keys: KEY_NAMES.join(", ") }));
      continue;
    }
    try { settings[key] = KEYS[key].parse(text, t); } catch (e) { errors.push(e.message); }
  }
  return { settings, errors };
}

/** Text values from a URL hash such as "#depths=20,56&lr=0.1"; a plain anchor ("#the-race") has none. */
export function hashValues(hash) {
  const text = String(hash || "").replace(/^#/, "");
  if (!text.includes("=")) return {};
  const values = {};
  for (const [key, value] of new URLSearchParams(text)) values[key] = value;
  return values;
}

/** The hash that reproduces these settings (only the keys that differ from the defaults). */
export function toHash(settings, defaults) {
  const params = new URLSearchParams();
  for (const key of KEY_NAMES) {
    const v = KEYS[key].write(settings[key]);
    if (v !== KEYS[key].write(defaults[key])) params.set(key, v);
  }
  const text = params.toString().replace(/%2C/g, ",");
  return text ? `#${text}` : "";
}
