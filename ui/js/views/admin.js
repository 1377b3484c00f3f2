// The admin screen (accounts, locking and backups, the audit trail) and the access report a
// parent may ask for: everyone who has seen or changed a record, and when.

import { renderGapRules } from './gap-rules.js';
import {
  addAccount,
  auditAboutPerson,
  auditRecent,
  backupNow,
  changeKey,
  checkAudit,
  prepareKeyChange,
  getProtectionSettings,
  listAccounts,
  personView,
  resetPassword,
  saveProtectionSettings,
  setAccountActive,
} from '../backend.js';
import { fromTemplate, show, slot, summaryRow } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';
import { renderRecoveryKey } from './session.js';

/** Audit actions in plain words. Unknown ones are shown as stored. */
const ACTIONS = {
  login: 'Logged in',
  lock: 'Locked Kinfold',
  not_allowed: 'Tried something only an admin can do',
  'caseload.view': 'Looked at the caseload',
  'family.view': 'Looked at the family',
  'person.view': "Looked at the person's page",
  'person.view_details': 'Opened the details to change them',
  'person.view_history': 'Looked at the history',
  'person.view_duplicates': 'Checked for duplicate records',
  'person.duplicate_check': 'Shown as a possible duplicate while adding someone',
  'person.search': 'Searched',
  export: 'Exported records',
  'audit.view': 'Looked at the audit trail',
  'audit.view_person': 'Looked at who has seen this record',
  'audit.check': 'Checked the audit trail',
  'key.recovered': 'Opened the database with the recovery key',
  'key.change': 'Changed the database key',
  'person.create': 'Added the person',
  'person.update': 'Changed details',
  'person.move': 'Recorded a new home',
  'person.merge': 'Merged two records',
  'caseload.add': 'Added to the caseload',
  'caseload.main_home': 'Set the main home',
  'household.create': 'Added a home',
  'relationship.create': 'Added a relationship',
  'relationship.end': 'Ended a relationship',
  'care.create': 'Recorded care',
  'care.end': 'Ended care',
  'sharing.restrict': 'Recorded something not to share',
  'sharing.end': 'Ended a sharing restriction',
  'settings.save': 'Saved the clinic details',
  'protection.save': 'Saved the lock and backup settings',
  'account.view': 'Looked at the accounts',
  'account.add': 'Added an account',
  'account.enable': 'Turned an account on',
  'account.disable': 'Turned an account off',
  'account.reset_password': 'Set a new password',
  'backup.make': 'Made a backup',
  'backup.restore': 'Restored a backup',
};

const OUTCOMES = { ok: 'Done', failed: 'Refused: wrong password', paused: 'Refused: too many tries', denied: 'Refused: not allowed' };

const when = (at) =>
  new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function cell(row, text) {
  const td = document.createElement('td');
  td.className = 'nhsuk-table__cell';
  td.textContent = text;
  row.append(td);
  return td;
}

function notice(host, message) {
  const banner = fromTemplate('tpl-success');
  slot(banner, 'message').textContent = message;
  host.replaceChildren(banner);
}

export async function render(view) {
  const page = fromTemplate('tpl-admin');
  const note = slot(page, 'notice');
  const [accounts, settings, rows] = await Promise.all([listAccounts(), getProtectionSettings(), auditRecent()]);
  fillAccounts(page.querySelector('#accounts'), accounts, note, view);
  wireAccountForm(page, note, view);
  wireProtection(page, settings, note);
  fillAudit(page.querySelector('#audit-rows'), rows);
  wireKeyChange(page, view);
  await renderGapRules(slot(page, 'gap-rules'));
  const checkHost = slot(page, 'audit-check');
  page.querySelector('#check-audit').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const check = await checkAudit();
      const p = document.createElement('p');
      p.className = 'nhsuk-body';
      p.id = 'audit-check-result';
      p.textContent =
        check.firstBroken === null
          ? `All ${check.rows} entries are intact. Seal of the last entry: ${check.lastSeal.slice(0, 16)}…`
          : `Entry ${check.firstBroken} has been changed or removed since it was written. Tell your information governance lead.`;
      checkHost.replaceChildren(p);
    } finally {
      event.target.disabled = false;
    }
  });
  show(view, page);
}

function fillAccounts(body, accounts, note, view) {
  for (const account of accounts) {
    const row = document.createElement('tr');
    row.className = 'nhsuk-table__row';
    cell(row, account.displayName);
    cell(row, account.username);
    cell(row, account.roleLabel);
    cell(row, account.active ? 'Yes' : 'No');
    const action = cell(row, '');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'kf-link-button';
    button.textContent = account.active ? 'Turn off' : 'Turn on';
    button.addEventListener('click', async () => {
      try {
        await setAccountActive(account.id, !account.active);
        await render(view);
      } catch (error) {
        problem(note, error.message);
      }
    });
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'kf-link-button kf-space-left';
    reset.textContent = 'Set a new password';
    reset.dataset.account = account.username;
    reset.addEventListener('click', () => {
      if (row.nextElementSibling?.classList.contains('kf-reset-row')) return;
      row.after(resetRow(account, note));
      row.nextElementSibling.querySelector('#reset_password').focus();
    });
    action.append(button, reset);
    body.append(row);
  }
}

/** The form under an account's row for setting a new password (for someone who forgot). */
function resetRow(account, note) {
  const part = fromTemplate('tpl-reset-password');
  const row = part.querySelector('tr');
  const form = part.querySelector('form');
  const errors = slot(part, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = form.querySelector('#reset_password');
    const again = form.querySelector('#reset_password_again');
    try {
      await resetPassword(account.id, password.value, again.value);
      row.remove();
      notice(note, `New password set for ${account.displayName}. Give it to them privately.`);
    } catch (error) {
      // The backend names the fields password and password_again; here they are reset_*.
      error.fields = (error.fields ?? []).map((f) => ({ ...f, field: `reset_${f.field}` }));
      showFailure(form, errors, error);
    }
  });
  return row;
}

function wireAccountForm(page, note, view) {
  const form = page.querySelector('#account-form');
  const errors = slot(page, 'account-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => form.querySelector(`#${id}`).value;
    const account = {
      displayName: value('display_name'),
      username: value('username'),
      role: value('role'),
      password: value('password'),
      passwordAgain: value('password_again'),
    };
    try {
      await addAccount(account);
      clearErrors(form, errors);
      await render(view);
      notice(document.querySelector('[data-slot=notice]') ?? note, `Account added for ${account.displayName.trim()}`);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
}

const PROTECTION = {
  idle_lock_minutes: 'idleLockMinutes',
  backup_folder: 'backupFolder',
  backup_every_days: 'backupEveryDays',
};

function wireProtection(page, settings, note) {
  const form = page.querySelector('#protection-form');
  const errors = slot(page, 'protection-errors');
  const lastBackup = slot(page, 'last-backup');
  const fill = (s) => {
    for (const [id, key] of Object.entries(PROTECTION)) form.querySelector(`#${id}`).value = s[key];
    lastBackup.textContent = s.lastBackupAt ? `Last backup: ${when(s.lastBackupAt)}` : 'No backup has been made yet.';
  };
  fill(settings);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const draft = {};
    for (const [id, key] of Object.entries(PROTECTION)) draft[key] = form.querySelector(`#${id}`).value;
    try {
      const saved = await saveProtectionSettings(draft);
      fill(saved);
      clearErrors(form, errors);
      notice(note, 'Lock and backup settings saved');
      document.dispatchEvent(new CustomEvent('kinfold:idle-changed', { detail: Number(saved.idleLockMinutes) }));
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  form.querySelector('#backup-now').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const made = await backupNow();
      clearErrors(form, errors);
      notice(note, `Backup made: ${made.file}`);
      lastBackup.textContent = `Last backup: ${when(new Date().toISOString())}`;
    } catch (error) {
      showFailure(form, errors, error);
    } finally {
      event.target.disabled = false;
    }
  });
}

function wireKeyChange(page, view) {
  const confirm = slot(page, 'key-confirm');
  const errors = slot(page, 'key-errors');
  page.querySelector('#change-key').addEventListener('click', () => {
    confirm.hidden = false;
  });
  page.querySelector('#change-key-confirm').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      // The new recovery key is written down before the change is made, so the database is
      // never under a key nobody has seen.
      const recoveryKey = await prepareKeyChange();
      renderRecoveryKey(view, recoveryKey, async () => {
        try {
          await changeKey();
          await render(view);
          notice(view.querySelector('[data-slot=notice]'), 'The database has a new key. The old recovery key no longer opens it.');
        } catch (error) {
          await render(view);
          problem(
            view.querySelector('[data-slot=key-errors]'),
            `The key was not changed, so the recovery key you wrote down is not needed: ${error.message}`,
          );
        }
      });
    } catch (error) {
      problem(errors, error.message);
      event.target.disabled = false;
    }
  });
}

/** Replaces what `host` shows with one error line. */
function problem(host, text) {
  const p = document.createElement('p');
  p.className = 'nhsuk-error-message';
  p.textContent = text;
  host.replaceChildren(p);
}

/** One audit row: when, who and what, in plain words; the full trail adds record and outcome. */
function auditRow(entry, full) {
  const row = document.createElement('tr');
  row.className = 'nhsuk-table__row';
  cell(row, when(entry.at));
  cell(row, entry.who);
  cell(row, ACTIONS[entry.action] ?? entry.action);
  if (full) {
    cell(row, entry.recordId ? `${entry.recordKind} ${entry.recordId}` : entry.recordKind);
    cell(row, OUTCOMES[entry.outcome] ?? entry.outcome);
  }
  return row;
}

function fillAudit(body, rows) {
  body.append(...rows.map((entry) => auditRow(entry, true)));
}

/** #/person/ID/access: the access report for one person's record, ready to print. */
export const access = {
  async render(view, { args }) {
    const id = Number(args[0]);
    const [person, rows] = await Promise.all([personView(id), auditAboutPerson(id)]);
    const page = fromTemplate('tpl-access-report');
    const about = slot(page, 'about');
    summaryRow(about, 'Name', person.person.name);
    summaryRow(about, 'Born', person.person.born || 'Not known');
    summaryRow(about, 'Report made', when(new Date().toISOString()));
    const people = new Set(rows.map((r) => r.actor));
    slot(page, 'summary').textContent =
      `${rows.length} time${rows.length === 1 ? '' : 's'}, by ${people.size} ${people.size === 1 ? 'person' : 'people'}. Searches that found this record are included.`;
    page.querySelector('#access-rows').append(...rows.map((entry) => auditRow(entry, false)));
    page.querySelector('#print-report').addEventListener('click', () => window.print());
    show(view, page);
  },
};
