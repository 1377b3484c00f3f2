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
    const error = toBackendError(raw);
    // Kinfold locked itself (idle too long): the app shows the login screen.
    if (error.code === 'locked') document.dispatchEvent(new CustomEvent('kinfold:locked'));
    throw error;
  }
}

/** Where the app stands: {version, dbPath, stage, problem, user, idleLockMinutes}. */
export const appStatus = () => call('app_status');

/** First start: makes the database and its first admin; resolves with {recoveryKey, user}. */
export const setup = (admin) => call('setup', { admin });

/** Logs in; resolves with the user ({username, displayName, role, roleLabel}). */
export const login = (username, password) => call('login', { username, password });

/** Locks Kinfold now (`idle`: because nobody used it): the database closes and its key leaves memory. */
export const lock = (idle = false) => call('lock', { idle });

/** Tells the backend someone is still using the window (it locks after the idle limit). */
export const stillHere = () => call('still_here');

/** Opens the database with its recovery key and puts the key back in the keyring. */
export const unlockWithRecoveryKey = (recoveryKey) => call('unlock_with_recovery_key', { recoveryKey });

/** Puts a backup in place of a damaged database, as an admin of the backup; resolves with where the damaged file was kept. */
export const restoreBackup = (file, username, password, backupRecoveryKey = '') =>
  call('restore_backup', { file, username, password, backupRecoveryKey });

/** Sets a new password for an account (admins only). */
export const resetPassword = (accountId, password, passwordAgain) =>
  call('reset_password', { accountId, password, passwordAgain });

/** Looks at the database again (after the keyring was unlocked); resolves with the status. */
export const recheckDatabase = () => call('recheck_database');

/** Every account (admins only). */
export const listAccounts = () => call('list_accounts');

/** Adds an account (admins only); resolves with its id. */
export const addAccount = (account) => call('add_account', { account });

/** Turns an account off or on (admins only). */
export const setAccountActive = (accountId, active) => call('set_account_active', { accountId, active });

/** The latest audit rows, newest first, 100 at a time (admins only). */
export const auditRecent = (before = null) => call('audit_recent', { before });

/** Everyone who saw or changed this person's record, oldest first (admins only). */
export const auditAboutPerson = (personId) => call('audit_about_person', { personId });

/** Checks every seal of the audit trail: {rows, firstBroken, lastSeal}. */
export const checkAudit = () => call('check_audit');

/** The idle lock and backup settings, as strings for the form. */
export const getProtectionSettings = () => call('get_protection_settings');

/** Saves the idle lock and backup settings (admins only). */
export const saveProtectionSettings = (settings) => call('save_protection_settings', { settings });

/** Makes a new database key and keeps it aside; resolves with its recovery key, to write down first. */
export const prepareKeyChange = () => call('prepare_key_change');

/** Re-encrypts the database with the key prepared (and written down) before. */
export const changeKey = () => call('change_key');

/** Makes a backup now, in the chosen folder: {file, bytes}. */
export const backupNow = () => call('backup_now');

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

/** A child's gaps today, or on `asOf` (YYYY-MM-DD), with contacts, offers and leaflets given. */
export const familyGaps = (childId, asOf = null) => call('family_gaps', { childId, asOf });

/** Records a contact ({kind, date, present: [ids], othersPresent, notes}); resolves with its id. */
export const recordContact = (childId, contact) => call('record_contact', { childId, contact });

/** One contact with the family's gaps as they stood that day: {contact, followUp}. */
export const contactView = (contactId) => call('contact_view', { contactId });

/** Answers a gap ({rule, about, answer: asked|closed|reopened, outcome, words, revisitOn, contactId}). */
export const answerGap = (childId, answer) => call('answer_gap', { childId, answer });

/** Records leaflets given ({recipient, sentOn, method, leaflets: [codes]}). */
export const givePack = (childId, pack) => call('give_pack', { childId, pack });

/** Records an offer of a joint appointment or call ({person, kind, offeredOn, response, notes}). */
export const offerContact = (childId, offer) => call('offer_contact', { childId, offer });

/** Records that someone's details were checked today with `source`. */
export const confirmDetails = (childId, personId, source) => call('confirm_details', { childId, personId, source });

/** Records a stated "none": `no_other_children`, or `does_not_care` about this child; `source` says who told you. */
export const stateNone = (childId, personId, statement, source) =>
  call('state_none', { childId, personId, statement, source });

/** Records whether a parent has parental responsibility (`yes` or `no`). */
export const setParentalResponsibility = (childId, personId, answer) =>
  call('set_parental_responsibility', { childId, personId, answer });

/** The caseload ranked by risk, optionally for one named practitioner. */
export const caseloadGaps = (practitioner = null) => call('caseload_gaps', { practitioner });

/** Families to discuss at supervision. */
export const supervisionList = () => call('supervision_list');

/** {familiesWithGaps, supervision}, for the navigation. */
export const gapCounts = () => call('gap_counts');

/** Every gap rule with whether it is on, and how strict the rules are. */
export const gapRules = () => call('gap_rules');

/** Turns a gap rule off or on with a reason (admins only). */
export const setGapRule = (rule, enabled, reason) => call('set_gap_rule', { rule, enabled, reason });

/** Saves how strict the gap rules are (admins only). */
export const saveGapSettings = (settings) => call('save_gap_settings', { settings });

/**
 * What can go in a pack for this person, with Kinfold's suggestion: {recipient, child,
 * hasAddress, leaflets: [{code, title, version, suggested}], again}. `again` (a sent-log id)
 * asks to print that pack again: `again` then says what it held and which leaflets are newer.
 */
export const packChoice = (childId, personId, again = null) => call('pack_choice', { childId, personId, again });

/** Makes a pack ({childId, personId, leaflets, largePrint, invitation, method}); `record` also puts it in the sent-log. Resolves with {printout, contents, sentId, ...}. */
export const makePack = (pack, record) => call('make_pack', { pack, record });

/** Records a pack made since login as sent: exactly the pack in that file. Resolves as makePack does, with its sentId. */
export const recordPack = (file) => call('record_pack', { file });

/** Makes the practitioner's visit checklist for a child; resolves with a printout. */
export const visitChecklist = (childId) => call('visit_checklist', { childId });

/** Opens a printout ({file, pages, bytes, sheets}) in the desktop's PDF viewer. */
export const openPrintout = (file) => call('open_printout', { file });

/** Prints a printout: the desktop's print dialog, for its pages as previewed. */
export const printPrintout = (file) => call('print_printout', { file });

/** Asks where to save a copy of a printout and saves it there; resolves with the path, or null if cancelled. */
export const savePrintout = (file) => call('save_printout', { file });

/** Every safety pack that is due: [{childId, child, personId, person}]. */
export const packsDue = () => call('packs_due');
