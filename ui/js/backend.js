// The only module that talks to Kinfold's Rust backend. Every call resolves with data or
// rejects with a BackendError carrying a stable `code` (the UI branches on it, never on the
// message) and, for invalid forms, one entry per field.

export class BackendError extends Error {
  constructor(code, message, fields = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}

function toBackendError(raw) {
  if (raw && typeof raw === 'object' && typeof raw.code === 'string') {
    const fields = Array.isArray(raw.fields) ? raw.fields : [];
    return new BackendError(raw.code, String(raw.message ?? ''), fields);
  }
  // Tauri itself rejects with a plain string when arguments do not match a command.
  return new BackendError('bad_request', String(raw));
}

async function call(command, args) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== 'function') {
    throw new BackendError('no_backend', 'This window is not connected to Kinfold. Close it and open Kinfold again.');
  }
  try {
    return await invoke(command, args);
  } catch (raw) {
    throw toBackendError(raw);
  }
}

/** Which database is open, or why none is: {version, dbPath, error}. */
export const appStatus = () => call('app_status');

/** The clinic's details, or null before they are entered. */
export const getSettings = () => call('get_settings');

/** Saves the clinic's details; resolves with them as saved. */
export const saveSettings = (settings) => call('save_settings', { settings });

/** The lists the add forms offer: {relationshipKinds, parentalKinds, sexes, sources, ...}. */
export const vocabulary = () => call('vocabulary');

/** The children on the caseload, youngest first. */
export const listCaseload = () => call('list_caseload');

/** Adds a child; resolves with {status: 'added', personId} or {status: 'possibleDuplicates', matches}. */
export const addChild = (input) => call('add_child', { input });

/** One child's whole family network. */
export const familyNetwork = (childId) => call('family_network', { childId });

/** Adds someone to a child's network; same answers as addChild. */
export const addMember = (input) => call('add_member', { input });

/** Adds another child of an adult in the network; same answers as addChild. */
export const addOtherChild = (input) => call('add_other_child', { input });

/** People matching a search box query (name, NHS number, date of birth or postcode). */
export const searchPeople = (query) => call('search_people', { query });

/** One person and every child they are linked to. */
export const personView = (personId) => call('person_view', { personId });

/** Other records that may be the same person: {status: 'possibleDuplicates', matches}. */
export const personDuplicates = (personId) => call('person_duplicates', { personId });

/** Merges one record into another; both histories are kept. */
export const mergePeople = (keepId, duplicateId) => call('merge_people', { keepId, duplicateId });

/** Every change to a person's record, newest first: [{at, by, what}]. */
export const personHistory = (personId) => call('person_history', { personId });

/** A person's details as the edit form fills them in (a PersonInputDto). */
export const personDraft = (personId) => call('person_draft', { personId });

/** Changes a person's details; the history keeps what they were. */
export const updatePerson = (personId, person) => call('update_person', { personId, person });

/** Records care given by someone already in the child's network. */
export const addCare = (input) => call('add_care', { input });

/** Records that something about one person must not be shared with another. */
export const addRestriction = (input) => call('add_restriction', { input });

/** Ends a relationship on `endedOn` (today when empty); it stays on record. */
export const endRelationship = (relationshipId, endedOn) => call('end_relationship', { relationshipId, endedOn });

/** Records that someone now lives somewhere else; the old home stays in the history. */
export const moveHome = (input) => call('move_home', { input });
