// "Fill it in now" from a gaps panel: the form it opens goes back to the panel after saving,
// instead of to its usual next screen. Only the form that link opened honours it.

const KEY = 'kinfold-return';

/** Remembers the current screen as the place to come back to after the form at `target`. */
export function returnHere(target) {
  sessionStorage.setItem(KEY, JSON.stringify({ back: location.hash, target }));
}

/** Where a form should go after saving: back to the panel that opened it, or `fallback`. */
export function afterSave(fallback) {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  try {
    const saved = raw ? JSON.parse(raw) : null;
    if (saved && saved.target === location.hash && typeof saved.back === 'string') return saved.back;
  } catch {
    // A damaged value: use the usual screen.
  }
  return fallback;
}
