// The screens before anyone is logged in: first-run setup, the recovery key shown once,
// the login (and lock) screen, and what to do when the database cannot be opened.

import { login, recheckDatabase, restoreBackup, setup, unlockWithRecoveryKey } from '../backend.js';
import { fromTemplate, show, slot } from '../dom.js';
import { clearErrors, showFailure } from '../forms.js';

/** What to do when the database cannot be opened, by error code. */
const advice = {
  database_too_new:
    'This computer has an older copy of Kinfold than the one that last used this database. Install the newest version of Kinfold, then open it again.',
  database_unavailable:
    "Check that the file is your clinic's Kinfold database and that this computer account can open it. If the file is damaged, ask your clinic admin to restore the last backup.",
  database_unencrypted:
    'Kinfold only opens encrypted databases. Ask your IT team for help. Nothing in the file has been changed.',
  database_damaged:
    'A clinic admin can restore the latest backup here. Kinfold checks the backup first, and keeps the damaged file under a new name.',
  migration_failed:
    'Ask your IT team for help and give them the message above. Your records have not been changed.',
  key_missing:
    "If this computer's keyring is locked, log out of the computer and back in, then choose Try again. If the key has been lost, open the database with its recovery key.",
  key_wrong:
    "Open the database with its recovery key. If that does not work, ask your clinic admin to restore a backup.",
  keyring_unavailable:
    "Check you are logged in to this computer's desktop (not a remote or guest session), then choose Try again.",
};

const titles = {
  database_too_new: 'This database needs a newer Kinfold',
  key_missing: 'Kinfold cannot find the key to its records',
  key_wrong: 'The key does not open this database',
  keyring_unavailable: "Kinfold cannot reach this computer's keyring",
  database_damaged: 'The database is damaged',
};

function fieldsOf(form, ids) {
  return Object.fromEntries(ids.map(([id, key]) => [key, form.querySelector(`#${id}`).value]));
}

async function busy(button, work) {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

/** First start: the first admin's account. Calls `done(recoveryKey)` once set up. */
export function renderSetup(view, status, done) {
  const page = fromTemplate('tpl-setup');
  slot(page, 'path').textContent = status.dbPath;
  const form = page.querySelector('#setup-form');
  const errors = slot(page, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const admin = fieldsOf(form, [
      ['display_name', 'displayName'],
      ['username', 'username'],
      ['password', 'password'],
      ['password_again', 'passwordAgain'],
    ]);
    admin.role = 'admin';
    try {
      const result = await busy(form.querySelector('#setup-submit'), () => setup(admin));
      clearErrors(form, errors);
      done(result.recoveryKey);
    } catch (error) {
      showFailure(form, errors, error);
    }
  });
  show(view, page);
  view.querySelector('#display_name').focus();
}

/** The recovery key, once. Continue only after ticking that it has been written down. */
export function renderRecoveryKey(view, recoveryKey, done) {
  const page = fromTemplate('tpl-recovery-key');
  slot(page, 'key').textContent = recoveryKey;
  const stored = page.querySelector('#key-stored');
  const doneButton = page.querySelector('#key-done');
  stored.addEventListener('change', () => {
    doneButton.disabled = !stored.checked;
  });
  page.querySelector('#print-key').addEventListener('click', () => window.print());
  doneButton.addEventListener('click', () => done());
  show(view, page);
}

/** The login screen, also shown when Kinfold has locked. Calls `done()` once logged in. */
export function renderLogin(view, { lockedAfter = null, lockedNow = false } = {}, done) {
  const page = fromTemplate('tpl-login');
  if (lockedAfter !== null || lockedNow) {
    slot(page, 'locked-note').hidden = false;
    slot(page, 'locked-text').textContent = lockedNow
      ? 'Kinfold is locked. Log in to carry on where you were.'
      : `Kinfold locked itself after ${lockedAfter} minute${lockedAfter === 1 ? '' : 's'} without use. Log in to carry on where you were.`;
  }
  const form = page.querySelector('#login-form');
  const errors = slot(page, 'errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = form.querySelector('#password');
    try {
      await busy(form.querySelector('#login-submit'), () =>
        login(form.querySelector('#username').value, password.value),
      );
      clearErrors(form, errors);
      done();
    } catch (error) {
      password.value = '';
      const onField = error.code === 'invalid_input';
      showFailure(form, errors, onField ? error : { message: error.message });
    }
  });
  show(view, page);
  view.querySelector('#username').focus();
}

/** Why the database cannot be opened, what to do, and (for a key problem) the recovery form. */
export function renderProblem(view, status, retry) {
  const { problem } = status;
  const page = fromTemplate('tpl-startup-error');
  slot(page, 'title').textContent = titles[problem.code] ?? 'Kinfold cannot open its database';
  slot(page, 'message').textContent = problem.message;
  slot(page, 'advice').textContent =
    advice[problem.code] ?? 'Close Kinfold and open it again. If this keeps happening, ask your IT team for help.';
  slot(page, 'path').textContent = status.dbPath;
  const actions = slot(page, 'actions');
  if (['key_missing', 'keyring_unavailable'].includes(problem.code)) {
    const again = document.createElement('button');
    again.className = 'nhsuk-button nhsuk-button--secondary';
    again.type = 'button';
    again.id = 'try-again';
    again.textContent = 'Try again';
    again.addEventListener('click', async () => retry(await busy(again, recheckDatabase)));
    actions.append(again);
  }
  if (['key_missing', 'key_wrong'].includes(problem.code)) {
    const part = fromTemplate('tpl-recovery-form');
    const form = part.querySelector('#recovery-form');
    const errors = slot(part, 'errors');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const key = form.querySelector('#recovery_key').value;
        await busy(form.querySelector('#recovery-submit'), () => unlockWithRecoveryKey(key));
        retry(await recheckDatabase());
      } catch (error) {
        showFailure(form, errors, error);
      }
    });
    actions.append(part);
  }
  if (problem.code === 'database_damaged') {
    const part = fromTemplate('tpl-restore-form');
    const form = part.querySelector('#restore-form');
    const errors = slot(part, 'errors');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = (id) => form.querySelector(`#${id}`).value;
      try {
        await busy(form.querySelector('#restore-submit'), () =>
          restoreBackup(value('file'), value('restore-username'), value('restore-password'), value('backup_recovery_key')),
        );
        retry(await recheckDatabase());
      } catch (error) {
        form.querySelector('#restore-password').value = '';
        showFailure(form, errors, error);
      }
    });
    actions.append(part);
  }
  show(view, page);
}
