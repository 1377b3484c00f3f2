//! The end-to-end harness: starts the built Kinfold binary under `tauri-driver` (which runs
//! WebKitWebDriver), gives each test its own database, drives the real window over
//! WebDriver, and saves screenshots (always at the end, and on failure) for people to look at.
//!
//! Run through `cargo xtask test`, which builds the app, starts Xvfb and a D-Bus session, and
//! sets `KINFOLD_APP_BIN` and `KINFOLD_E2E_ARTIFACTS`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};

/// How long to wait for the window, a screen or an element before failing.
const PATIENCE: Duration = Duration::from_secs(30);

/// The first admin of every database made with [`Db::set_up`].
pub const ADMIN: &str = "ana";
pub const ADMIN_NAME: &str = "Ana Admin";
pub const PASSWORD: &str = "tea kettle garden";

/// Makes the Secret Service the keyring this test process uses (the one the app uses too:
/// `cargo xtask test` runs both inside one D-Bus session with an unlocked gnome-keyring).
pub fn use_keyring() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        kinfold_core::keys::use_system_keyring()
            .expect("no Secret Service: run the end-to-end tests with `cargo xtask test`");
    });
}

/// A database of the test's own, deleted when the test ends.
pub struct Db {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    /// The recovery key, when the database was made by [`Db::set_up`].
    pub recovery_key: Option<String>,
}

impl Db {
    /// A path with no database yet: the app starts with first-run setup.
    pub fn new() -> Result<Db> {
        use_keyring();
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("kinfold.db");
        Ok(Db {
            _dir: dir,
            path,
            recovery_key: None,
        })
    }

    /// A new encrypted database (its key in the keyring) with [`ADMIN`] as its first admin.
    pub fn set_up() -> Result<Db> {
        let mut db = Db::new()?;
        let (store, recovery) = kinfold_core::unlock::create(&db.path)?;
        let admin = kinfold_core::account::AccountDraft {
            username: ADMIN.into(),
            display_name: ADMIN_NAME.into(),
            role: "admin".into(),
            password: PASSWORD.to_owned().into(),
            password_again: PASSWORD.to_owned().into(),
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("the test admin is not valid: {e}"))?;
        store.create_first_admin(&admin)?;
        db.recovery_key = Some(recovery.as_str().to_owned());
        Ok(db)
    }

    /// The database opened as the tests' admin would see it (through the keyring).
    pub fn open(&self) -> Result<kinfold_core::Store> {
        Ok(kinfold_core::unlock::open(&self.path)?)
    }
}

/// One running Kinfold window and the drivers behind it.
pub struct App {
    client: Client,
    driver: Child,
    name: String,
    shots: u32,
}

fn app_binary() -> Result<PathBuf> {
    let path = std::env::var_os("KINFOLD_APP_BIN")
        .map(PathBuf::from)
        .context("KINFOLD_APP_BIN is not set: run the end-to-end tests with `cargo xtask test`")?;
    ensure!(
        path.is_file(),
        "KINFOLD_APP_BIN points at {}, which does not exist",
        path.display()
    );
    Ok(std::fs::canonicalize(path)?)
}

fn artifacts_dir() -> PathBuf {
    std::env::var_os("KINFOLD_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("kinfold-e2e"))
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for_port(port: u16, driver: &mut Child) -> Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Some(status) = driver.try_wait()? {
            bail!("tauri-driver exited before listening ({status})");
        }
        ensure!(
            started.elapsed() < PATIENCE,
            "tauri-driver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

/// Stops tauri-driver with SIGTERM (SIGKILL would leave WebKitWebDriver holding its port).
fn terminate(driver: &mut Child) {
    if matches!(driver.try_wait(), Ok(None)) {
        let _ = Command::new("kill")
            .args(["-TERM", &driver.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(driver.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        if matches!(driver.try_wait(), Ok(None)) {
            let _ = driver.kill();
        }
    }
    let _ = driver.wait();
}

impl App {
    /// Starts Kinfold on the database at `db` and waits for its first screen.
    pub async fn launch(name: &str, db: &Path) -> Result<App> {
        App::launch_program(name, &app_binary()?, Some(db)).await
    }

    /// Starts the Tauri program `application` (Kinfold, or the benchmarks' minimal window),
    /// on the database at `db` if given, and waits until its page says which screen it shows
    /// (`body[data-screen]`).
    pub async fn launch_program(name: &str, application: &Path, db: Option<&Path>) -> Result<App> {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver());
        command.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ]);
        if let Some(db) = db {
            command.env("KINFOLD_DB", db);
        }
        let mut driver = command
            .stdout(Stdio::null())
            .spawn()
            .context("could not start tauri-driver (install it with `cargo xtask setup`)")?;
        if let Err(e) = wait_for_port(port, &mut driver) {
            terminate(&mut driver);
            return Err(e);
        }
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": application },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("json! of an object literal is an object")
        };
        let client = match ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => client,
            Err(e) => {
                terminate(&mut driver);
                bail!("could not open a WebDriver session with Kinfold: {e}");
            }
        };
        let app = App {
            client,
            driver,
            name: name.to_owned(),
            shots: 0,
        };
        app.wait_for(
            || async { Ok(app.screen().await?.is_some()) },
            "the first screen",
        )
        .await?;
        Ok(app)
    }

    /// Starts Kinfold on a database made by [`Db::set_up`] and logs in as its admin.
    pub async fn launch_logged_in(name: &str, db: &Path) -> Result<App> {
        let app = App::launch(name, db).await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;
        Ok(app)
    }

    /// Types a username and password into the login screen and submits them.
    pub async fn log_in(&self, username: &str, password: &str) -> Result<()> {
        self.wait_for_screen("login").await?;
        self.fill("#username", username).await?;
        self.fill("#password", password).await?;
        self.click("#login-submit").await
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The screen the UI says it is showing (`body[data-screen]`), once it has rendered.
    pub async fn screen(&self) -> Result<Option<String>> {
        let value = self
            .client
            .execute("return document.body.dataset.screen ?? null", vec![])
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Waits until the UI has finished rendering `screen`.
    pub async fn wait_for_screen(&self, screen: &str) -> Result<()> {
        let what = format!("the {screen} screen");
        self.wait_for(
            || async { Ok(self.screen().await?.as_deref() == Some(screen)) },
            &what,
        )
        .await
    }

    /// Waits until some element matching `css` has text containing `needle`; returns that text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        let started = Instant::now();
        loop {
            let texts = self.texts(css).await?;
            if let Some(text) = texts.into_iter().find(|t| t.contains(needle)) {
                return Ok(text);
            }
            ensure!(
                started.elapsed() < PATIENCE,
                "timed out waiting for {css} to show {needle:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until nothing matching `css` is shown (e.g. a panel a click should remove).
    pub async fn wait_until_gone(&self, css: &str) -> Result<()> {
        let what = format!("{css} to go away");
        self.wait_for(|| async { Ok(!self.is_displayed(css).await?) }, &what)
            .await
    }

    async fn wait_for<F, Fut>(&self, mut check: F, what: &str) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let started = Instant::now();
        loop {
            if check().await? {
                return Ok(());
            }
            ensure!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The visible text of the first element matching `css`, waiting for it to appear.
    pub async fn text(&self, css: &str) -> Result<String> {
        let element = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))?;
        Ok(element.text().await?)
    }

    /// The texts of every element matching `css` (possibly none). An element the page
    /// replaced between finding it and reading it is left out, as it is no longer shown.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            if let Ok(text) = element.text().await {
                texts.push(text);
            }
        }
        Ok(texts)
    }

    pub async fn value(&self, css: &str) -> Result<String> {
        let element = self.client.find(Locator::Css(css)).await?;
        Ok(element.prop("value").await?.unwrap_or_default())
    }

    pub async fn is_displayed(&self, css: &str) -> Result<bool> {
        match self.client.find(Locator::Css(css)).await {
            // An element removed between finding it and asking is not shown either.
            Ok(element) => Ok(element.is_displayed().await.unwrap_or(false)),
            Err(_) => Ok(false),
        }
    }

    /// Replaces the contents of a text field, as a person typing would.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let element = self.client.find(Locator::Css(css)).await?;
        element.clear().await?;
        // WebKitWebDriver refuses to send no keys at all, and drops a bare "\n": a new line
        // is typed with the Enter key, as a person would.
        if !text.is_empty() {
            element.send_keys(&text.replace('\n', "\u{E007}")).await?;
        }
        Ok(())
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn choose(&self, css: &str, value: &str) -> Result<()> {
        self.click(&format!("{css} option[value=\"{value}\"]"))
            .await
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))?;
        element.click().await?;
        Ok(())
    }

    /// Answers one of the desktop's own dialogs (the print or the save dialog), which
    /// WebDriver cannot reach, the way a person would: waits for a window titled `title`,
    /// gives it the keyboard, types `text` (if any) and presses `keys` one after another.
    /// Runs xdotool on the test display.
    pub async fn answer_dialog(
        &self,
        title: &str,
        text: Option<&str>,
        keys: &[&str],
    ) -> Result<()> {
        let started = Instant::now();
        let window = loop {
            let found = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
                .output()
                .context("xdotool (installed by cargo xtask test)")?;
            let ids = String::from_utf8_lossy(&found.stdout);
            if let Some(id) = ids.split_whitespace().last() {
                break id.to_owned();
            }
            if started.elapsed() > PATIENCE {
                bail!(
                    "no window titled {title:?} appeared (the windows: {})",
                    window_names()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // Let the dialog finish drawing before it is typed into.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let xdotool = |args: &[&str]| -> Result<()> {
            let status = Command::new("xdotool").args(args).status()?;
            ensure!(status.success(), "xdotool {args:?} failed");
            Ok(())
        };
        xdotool(&["windowfocus", "--sync", &window])?;
        if let Some(text) = text {
            // Select what the field holds, so the typing replaces it.
            xdotool(&["key", "--clearmodifiers", "ctrl+a"])?;
            xdotool(&["type", "--delay", "15", text])?;
        }
        for key in keys {
            xdotool(&["key", key])?;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        // The dialog goes away.
        loop {
            let found = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
                .output()?;
            if found.stdout.iter().all(u8::is_ascii_whitespace) {
                return Ok(());
            }
            ensure!(
                started.elapsed() < PATIENCE * 2,
                "the window titled {title:?} did not close"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Saves a PNG of the window as `<artifacts>/<test>-<n>-<label>.png`.
    pub async fn screenshot(&mut self, label: &str) -> Result<PathBuf> {
        self.shots += 1;
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{:02}-{label}.png", self.name, self.shots));
        // Two animation frames, so that what was just rendered has been painted.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await;
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(path)
    }

    /// Ends the test: a screenshot of the final state (named `failed` when `outcome` is an
    /// error), the window closed, tauri-driver stopped. Panics with the error, if any.
    pub async fn finish(mut self, outcome: Result<()>) {
        let label = if outcome.is_ok() { "end" } else { "failed" };
        let shot = self.screenshot(label).await;
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver);
        if let Err(e) = outcome {
            let shot = shot
                .map(|p| p.display().to_string())
                .unwrap_or_else(|e| format!("none ({e})"));
            panic!("{} failed: {e:#}\nscreenshot: {shot}", self.name);
        }
    }

    /// Closes the window and stops the drivers, for a test that restarts the app.
    pub async fn quit(mut self) -> Result<()> {
        self.client.clone().close().await?;
        terminate(&mut self.driver);
        Ok(())
    }
}

/// The names of the visible windows on the test display, for a failure message.
fn window_names() -> String {
    let Ok(found) = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "."])
        .output()
    else {
        return "unknown: xdotool did not run".to_owned();
    };
    String::from_utf8_lossy(&found.stdout)
        .split_whitespace()
        .filter_map(|id| {
            let name = Command::new("xdotool")
                .args(["getwindowname", id])
                .output()
                .ok()?;
            Some(format!(
                "{:?}",
                String::from_utf8_lossy(&name.stdout).trim()
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Drop for App {
    fn drop(&mut self) {
        terminate(&mut self.driver);
    }
}
