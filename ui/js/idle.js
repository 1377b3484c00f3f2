// The idle lock on the window's side: notices when nobody has typed, clicked or moved the
// mouse for the clinic's idle limit and locks Kinfold. While someone is active it tells the
// backend now and then, so the backend's own idle lock (which drops the key even if this
// window stops) does not lock them out mid-read.

import { lock, stillHere } from './backend.js';

const CHECK_EVERY_MS = 5_000;
const PING_EVERY_MS = 30_000;
const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'];

let timer = null;
let lastActivity = 0;
let lastPing = 0;
let limitMs = Infinity;
let whenLocked = () => {};

function lockNow(minutes) {
  stopWatching();
  lock(true).catch(() => {}).finally(() => whenLocked(minutes));
}

function noticed() {
  // Back after the limit (a laptop lid opened, say): lock before anything else happens.
  if (Date.now() - lastActivity >= limitMs) {
    lockNow(limitMs / 60_000);
    return;
  }
  lastActivity = Date.now();
  if (lastActivity - lastPing >= PING_EVERY_MS) {
    lastPing = lastActivity;
    stillHere().catch(() => {});
  }
}

/** Starts watching; calls `onLocked` once Kinfold has locked itself. */
export function watchIdle(minutes, onLocked) {
  stopWatching();
  limitMs = minutes * 60_000;
  whenLocked = onLocked;
  lastActivity = Date.now();
  lastPing = lastActivity;
  for (const kind of ACTIVITY) document.addEventListener(kind, noticed, { passive: true });
  timer = setInterval(() => {
    if (Date.now() - lastActivity >= limitMs) lockNow(minutes);
  }, CHECK_EVERY_MS);
}

export function stopWatching() {
  if (timer !== null) clearInterval(timer);
  timer = null;
  for (const kind of ACTIVITY) document.removeEventListener(kind, noticed);
}
