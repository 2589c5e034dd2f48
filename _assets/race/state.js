// All the race's settings in one place, every key typed and checked (TensorFlow Playground's
// state.ts is the model): the controls and the page's URL (#depths=20,56&lr=0.1&seed=100) both
// go through `check`, so a bad value gets the same message wherever it comes from.

export const LIMITS = { maxDepth: 110, maxWidth: 32, maxEpochs: 100, maxSeed: 2 ** 32 - 1,
  trainImages: 1347 };
const NETS = ["both", "plain", "residual"];

function whole(name, text, low, high, hint = "") {
  const t = String(text).trim();
  const value = /^[+]?\d+(\.0*)?$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new Error(`${name} must be a whole number from ${low} to ${high}${hint}; got ${JSON.stringify(t)}`);
  }
  return value;
}

/** Each key: how to read it from text (a control or the URL), and how to write it back. */
export const KEYS = {
  depths: {
    parse(text) {
      const words = String(text).split(/[\s,;]+/).filter(Boolean);
      if (!words.length) throw new Error("type at least one depth, such as 20, 56");
      const depths = words.map((w) => {
        const d = /^\d+$/.test(w) ? Number(w) : NaN;
        if (!Number.isInteger(d) || d < 8 || (d - 2) % 6) {
          throw new Error(`depth must be 6n+2 with n >= 1 (8, 14, 20, 32, 44, 56, 110); got ${JSON.stringify(w)}`);
        }
        if (d > LIMITS.maxDepth) {
          throw new Error(`in the browser, depths go up to ${LIMITS.maxDepth} (deeper nets take minutes an epoch); got ${d}. Try 20, 56 or 110.`);
        }
        return d;
      });
      return [...new Set(depths)].sort((a, b) => a - b);
    },
    write: (v) => v.join(","),
  },
  nets: {
    parse(text) {
      const t = String(text).trim();
      if (!NETS.includes(t)) throw new Error(`nets must be one of ${NETS.join(", ")}; got ${JSON.stringify(t)}`);
      return t;
    },
    write: (v) => v,
  },
  width: { parse: (t) => whole("width", t, 1, LIMITS.maxWidth, " (the paper's is 16, this book's 8)"), write: String },
  epochs: { parse: (t) => whole("epochs", t, 1, LIMITS.maxEpochs), write: String },
  lr: {
    parse(text) {
      const t = String(text).trim();
      const v = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
      if (!(v > 0 && Number.isFinite(v))) {
        throw new Error(`the learning rate must be a positive number such as 0.1; got ${JSON.stringify(t)}`);
      }
      return v;
    },
    write: String,
  },
  n: { parse: (t) => whole("training images", t, 2, LIMITS.trainImages, " (BN needs 2; the digits have 1,347)"), write: String },
  seed: { parse: (t) => whole("seed", t, 0, LIMITS.maxSeed, ", such as 0 or 7"), write: String },
};
export const KEY_NAMES = Object.keys(KEYS);

/** Settings from text values: {settings, errors}; a key with a bad value keeps its default. */
export function check(raw, defaults) {
  const settings = { ...defaults };
  const errors = [];
  for (const [key, text] of Object.entries(raw)) {
    if (!(key in KEYS)) {
      errors.push(`unknown setting ${JSON.stringify(key)}: the settings are ${KEY_NAMES.join(", ")}`);
      continue;
    }
    try { settings[key] = KEYS[key].parse(text); } catch (e) { errors.push(e.message); }
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
