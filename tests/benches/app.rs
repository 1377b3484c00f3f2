//! The benchmarks that need whole programs, measured side by side in one run: Kinfold's launch
//! to its first usable screen on a database of 10,000 families, and its memory (PSS summed over
//! the app and its WebKit processes) after opening a family, each against a minimal Tauri
//! window measured the same way; and an eight-page leaflet pack printed by Kinfold against the
//! same content printed by headless Chromium (what an Electron app would use), warm (a running
//! browser, the W3C WebDriver print command) and cold (`chromium --print-to-pdf`).
//!
//! Run by `cargo xtask bench` (release builds, under Xvfb with a private keyring), which sets
//! `KINFOLD_APP_BIN` and `KINFOLD_MINIMAL_BIN` and reads the `BENCH name value unit` lines
//! this prints into docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use kinfold_core::pack::Leaflet;
use kinfold_core::printing::{print_pack, PackDocument};
use kinfold_e2e::{App, Db};

const LAUNCHES: usize = 5;
const FAMILIES: u32 = 10_000;

fn report(name: &str, value: f64, unit: &str) {
    println!("BENCH {name} {value:.3} {unit}");
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn program(var: &str) -> Result<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .with_context(|| format!("{var} is not set: run this with `cargo xtask bench`"))?;
    Ok(std::fs::canonicalize(&path)?)
}

/// Every process whose program is `exe`, and all their descendants.
fn process_tree(exe: &Path) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if std::fs::read_link(entry.path().join("exe")).is_ok_and(|p| p == exe) {
            roots.push(pid);
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The parent pid is the second field after the parenthesised command name.
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            parents.push((pid, ppid));
        }
    }
    let mut tree = roots;
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree
}

/// PSS of the program's processes, in MiB, and how many processes.
fn pss(exe: &Path) -> Result<(f64, usize)> {
    let tree = process_tree(exe);
    ensure!(!tree.is_empty(), "{} is not running", exe.display());
    let mut kib = 0u64;
    for pid in &tree {
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        kib += rollup
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
    }
    Ok((kib as f64 / 1024.0, tree.len()))
}

/// Waits for memory to settle (WebKit frees and maps for a moment after a page is shown).
async fn settled_pss(exe: &Path) -> Result<(f64, usize)> {
    tokio::time::sleep(Duration::from_secs(3)).await;
    pss(exe)
}

async fn launch_and_memory(kinfold: &Path, minimal: &Path) -> Result<()> {
    let db = Db::set_up()?;
    let started = Instant::now();
    {
        let store = db.open()?;
        let admin = kinfold_core::Actor::new(kinfold_e2e::ADMIN, kinfold_core::Role::Admin);
        let today = chrono::Local::now().date_naive();
        kinfold_core::demo::fill(&store, &admin, today, FAMILIES, 7)?;
    }
    eprintln!(
        "bench: {FAMILIES} families made in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let size = std::fs::metadata(&db.path)?.len() as f64 / 1e6;
    report("app.database_mb", size, "MB");

    let mut kinfold_launch = Vec::new();
    let mut minimal_launch = Vec::new();
    for round in 0..LAUNCHES {
        let started = Instant::now();
        let app = App::launch_program("bench", kinfold, Some(&db.path)).await?;
        kinfold_launch.push(ms(started.elapsed()));
        if round + 1 == LAUNCHES {
            // Memory with a family open: log in, open the first family on the caseload.
            let logged_in = Instant::now();
            app.log_in(kinfold_e2e::ADMIN, kinfold_e2e::PASSWORD)
                .await?;
            app.wait_for_screen("caseload").await?;
            report("app.login_to_caseload_ms", ms(logged_in.elapsed()), "ms");
            app.click("#ranked-caseload tbody tr a").await?;
            app.wait_for_screen("family").await?;
            let (mib, processes) = settled_pss(kinfold).await?;
            report("app.kinfold_pss_mib", mib, "MiB");
            report("app.kinfold_processes", processes as f64, "processes");
        }
        app.quit().await?;
        let started = Instant::now();
        let window = App::launch_program("bench-minimal", minimal, None).await?;
        minimal_launch.push(ms(started.elapsed()));
        if round + 1 == LAUNCHES {
            let (mib, processes) = settled_pss(minimal).await?;
            report("app.minimal_pss_mib", mib, "MiB");
            report("app.minimal_processes", processes as f64, "processes");
        }
        window.quit().await?;
    }
    report("app.kinfold_launch_ms", median(kinfold_launch), "ms");
    report("app.minimal_launch_ms", median(minimal_launch), "ms");
    Ok(())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The pack as a web page laid out by the browser: what an Electron app would print. The same
/// words, font, sizes and page breaks as Kinfold's PDF (no running footer: a page printed
/// from a browser has none of its own).
fn pack_html(doc: &PackDocument, fonts: &Path) -> String {
    let fill = |t: &str| {
        escape(
            &t.replace("{baby}", &doc.baby_first_name)
                .replace("{nhs_number}", doc.baby_nhs_number.as_deref().unwrap_or(""))
                .replace("{clinic}", &doc.clinic_name)
                .replace("{team_phone}", &doc.team_phone)
                .replace("{recipient}", &doc.recipient_name)
                .replace("{age}", &doc.baby_age),
        )
    };
    let font = |name: &str| format!("file://{}", fonts.join(name).display());
    let mut html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>\
         @font-face{{font-family:A;src:url('{}');font-weight:400}}\
         @font-face{{font-family:A;src:url('{}');font-weight:700}}\
         @page{{size:A4;margin:20mm 20mm 22mm}}\
         body{{font-family:A;font-size:12pt;line-height:1.45;color:#212b32}}\
         h1{{font-size:22pt;color:#005eb8;border-bottom:2pt solid #005eb8}}\
         h2{{font-size:15pt;color:#005eb8}}\
         section{{break-before:page}} section:first-child{{break-before:auto}}\
         .box{{display:inline-block;width:4mm;height:4mm;border:1pt solid #212b32;margin-right:4mm}}\
         .callout{{background:#e6f0fa;border-left:2mm solid #005eb8;padding:4mm;font-weight:700}}\
         .line{{border-bottom:0.5pt solid #4c6272;height:8mm}}\
         .address{{margin-top:30mm;height:45mm}}\
         </style></head><body>",
        font("AtkinsonHyperlegible-Regular.ttf"),
        font("AtkinsonHyperlegible-Bold.ttf")
    );
    let letters = std::iter::once(&kinfold_core::leaflets::COVER_LETTER).chain(
        doc.invitation
            .then_some(&kinfold_core::leaflets::JOINT_APPOINTMENT_LETTER),
    );
    for letter in letters {
        html.push_str("<section><p><b>");
        html.push_str(&escape(&doc.clinic_name));
        html.push_str("</b><br>");
        html.push_str(&escape(&doc.team_address.join(", ")));
        html.push_str("</p><p class=\"address\">");
        html.push_str(&escape(&doc.recipient_name));
        for line in &doc.recipient_address {
            html.push_str("<br>");
            html.push_str(&escape(line));
        }
        html.push_str(&format!(
            "</p><p>Dear {},</p><h2>{}</h2>",
            escape(&doc.recipient_name),
            fill(letter.heading)
        ));
        for p in letter.paragraphs {
            html.push_str(&format!("<p>{}</p>", fill(p)));
        }
        html.push_str("<p>With best wishes,</p><p><b>The health visiting team</b></p></section>");
    }
    use kinfold_core::leaflets::Block;
    for &leaflet in &doc.leaflets {
        let text = kinfold_core::leaflets::text(leaflet);
        html.push_str(&format!(
            "<section><h1>{}</h1><p>{}</p>",
            fill(text.title),
            fill(text.summary)
        ));
        for block in text.blocks {
            match *block {
                Block::Heading(h) => html.push_str(&format!("<h2>{}</h2>", fill(h))),
                Block::Para(p) => html.push_str(&format!("<p>{}</p>", fill(p))),
                Block::Bullets(items) => {
                    html.push_str("<ul>");
                    for i in items {
                        html.push_str(&format!("<li>{}</li>", fill(i)));
                    }
                    html.push_str("</ul>");
                }
                Block::Checklist(items) => {
                    for i in items {
                        html.push_str(&format!("<p><span class=\"box\"></span>{}</p>", fill(i)));
                    }
                }
                Block::WriteIn(labels) => {
                    for l in labels {
                        html.push_str(&format!(
                            "<p><b>{}</b></p><div class=\"line\"></div>",
                            fill(l)
                        ));
                    }
                }
                Block::Callout(c) => {
                    html.push_str(&format!("<p class=\"callout\">{}</p>", fill(c)))
                }
                Block::ClinicContacts => html.push_str(&format!(
                    "<p><b>{}</b><br>Phone: {}<br>{}</p>",
                    escape(&doc.clinic_name),
                    escape(&doc.team_phone),
                    escape(&doc.team_address.join(", "))
                )),
                Block::LocalServices => {
                    html.push_str("<ul>");
                    for s in &doc.local_services {
                        html.push_str(&format!("<li>{}</li>", escape(s)));
                    }
                    html.push_str("</ul>");
                }
            }
        }
        html.push_str("</section>");
    }
    html.push_str("</body></html>");
    html
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Headless Chromium's flags on this machine: no sandbox as root, no GPU, and nothing that
/// reaches for the network.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn pdf_pages(pdf: &[u8]) -> Result<usize> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("p.pdf");
    std::fs::write(&file, pdf)?;
    let out = Command::new("pdfinfo").arg(&file).output()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .context("pdfinfo gave no page count")
}

async fn packs_against_chromium(fonts: &Path) -> Result<()> {
    let doc = PackDocument::sample(
        vec![
            Leaflet::OvernightChecklist,
            Leaflet::SaferSleep,
            Leaflet::Crying,
        ],
        false,
    );
    // Kinfold, in this process (a release build).
    let mut kinfold = Vec::new();
    let mut printed = print_pack(&doc);
    for _ in 0..30 {
        let started = Instant::now();
        printed = print_pack(&doc);
        kinfold.push(ms(started.elapsed()));
    }
    report("pack.kinfold_ms", median(kinfold), "ms");
    report("pack.kinfold_kb", printed.pdf.len() as f64 / 1024.0, "KB");
    report("pack.kinfold_pages", printed.pages() as f64, "pages");

    let dir = tempfile::tempdir()?;
    let page = dir.path().join("pack.html");
    std::fs::write(&page, pack_html(&doc, fonts))?;
    let url = format!("file://{}", page.display());

    // Warm: a running headless Chromium, driven over WebDriver, prints the page again and
    // again (what an Electron app with its window open would do).
    let port = free_port()?;
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("chromedriver (Debian's chromium-driver, installed by cargo xtask bench)")?;
    let outcome = async {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            ensure!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": CHROMIUM_FLAGS },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities are an object");
        };
        let client = fantoccini::ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await?;
        // A4 with the pack's own margins (the page sets none of its own here).
        let a4 = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .margins(fantoccini::wd::PrintMargins {
                top: 2.0,
                bottom: 2.2,
                left: 2.0,
                right: 2.0,
            })
            .background(true)
            .build()
            .map_err(|e| anyhow::anyhow!("print settings: {e}"))?;
        let mut warm = Vec::new();
        let mut pdf = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            client.goto(&url).await?;
            pdf = client.print(a4.clone()).await?;
            warm.push(ms(started.elapsed()));
        }
        client.close().await?;
        report("pack.chromium_warm_ms", median(warm), "ms");
        report("pack.chromium_kb", pdf.len() as f64 / 1024.0, "KB");
        report("pack.chromium_pages", pdf_pages(&pdf)? as f64, "pages");
        Ok(())
    }
    .await;
    let _ = driver.kill();
    let _ = driver.wait();
    outcome?;

    // Cold: a new browser for each pack (a batch of packs printed one by one).
    let mut cold = Vec::new();
    for i in 0..3 {
        let out = dir.path().join(format!("cold-{i}.pdf"));
        let profile = dir.path().join(format!("profile-{i}"));
        let started = Instant::now();
        let status = Command::new("chromium")
            .args(CHROMIUM_FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(&url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        cold.push(ms(started.elapsed()));
        ensure!(
            status.success() && out.is_file(),
            "chromium --print-to-pdf failed"
        );
    }
    report("pack.chromium_cold_ms", median(cold), "ms");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let kinfold = program("KINFOLD_APP_BIN")?;
    let minimal = program("KINFOLD_MINIMAL_BIN")?;
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/vendor/fonts");
    ensure!(
        fonts.join("AtkinsonHyperlegible-Regular.ttf").is_file(),
        "the UI's fonts are missing: cargo xtask bench copies them"
    );
    packs_against_chromium(&std::fs::canonicalize(&fonts)?).await?;
    launch_and_memory(&kinfold, &minimal).await?;
    Ok(())
}
