//! The desktop window, for real: under the machine's display (or an Xvfb it starts), on the
//! machine's wgpu adapter (lavapipe where there is no GPU), the app presses its own Start
//! button, trains 20 steps of the tiny preset, takes a screenshot of itself and closes. The
//! test checks its report (the loss fell, memory was measured against the prediction) and the
//! screenshot (the train-loss curve is drawn, and falls from left to right).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The train-loss curve's colour (`charts::TRAIN`).
const TRAIN: [u8; 3] = [230, 120, 30];

/// An X display for the window: `$DISPLAY` where there is one, else an Xvfb started here and
/// stopped on drop.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    fn open() -> Self {
        if let Ok(name) = std::env::var("DISPLAY")
            && !name.is_empty()
        {
            return Self { name, xvfb: None };
        }
        let number = 60 + std::process::id() % 200;
        let name = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([&name, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("Xvfb: {e} (no $DISPLAY here; install xvfb, as tests/run.sh does)")
            });
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let started = Instant::now();
        while !socket.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Xvfb {name} did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            name,
            xvfb: Some(xvfb),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(xvfb) = &mut self.xvfb {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
    }
}

/// Runs the app in its test mode; its report as JSON.
fn autorun(dir: &Path, steps: usize) -> serde_json::Value {
    let display = Display::open();
    let report = dir.join("report.json");
    let mut app = Command::new(env!("CARGO_BIN_EXE_remat-desktop"))
        .arg("--autorun")
        .arg(steps.to_string())
        .arg("--screenshot")
        .arg(dir.join("window.png"))
        .arg("--report")
        .arg(&report)
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .current_dir(dir)
        .spawn()
        .expect("remat-desktop starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = app.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20 * 60) {
            let _ = app.kill();
            panic!("remat-desktop did not finish {steps} steps in 20 minutes");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success(), "remat-desktop: {status}");
    let text =
        std::fs::read_to_string(&report).unwrap_or_else(|e| panic!("{}: {e}", report.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_window_trains_the_tiny_preset_from_its_own_controls_and_draws_the_falling_loss() {
    let dir = std::env::temp_dir().join(format!("remat-desktop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = autorun(&dir, 20);
    println!("{}", serde_json::to_string_pretty(&report).unwrap());

    assert!(
        report["error"].is_null(),
        "the window showed an error: {}",
        report["error"]
    );
    let losses: Vec<f64> = (report["train_loss"].as_array().unwrap().iter())
        .map(|l| l.as_f64().unwrap())
        .collect();
    assert_eq!(losses.len(), 20, "{losses:?}");
    let (first, last) = (losses[0], losses[19]);
    assert!(
        last < first * 0.8,
        "the loss did not fall: {first} -> {last}"
    );
    assert!(!report["eval_loss"].as_array().unwrap().is_empty());
    let plan = report["plan"].as_str().unwrap();
    assert!(
        plan.chars().all(|c| c == 'K'),
        "the default plan keeps every layer: {plan}"
    );
    let predicted = report["predicted_peak_bytes"].as_u64().unwrap() as f64;
    let measured = report["measured_peak_bytes"]
        .as_u64()
        .expect("memory was measured") as f64;
    assert!(
        (measured - predicted).abs() <= 0.1 * predicted,
        "measured peak {measured} against predicted {predicted}"
    );
    assert!(!report["sample"].as_str().unwrap().is_empty());

    let shot = dir.join("window.png");
    if let Ok(keep) = std::env::var("REMAT_DESKTOP_SCREENSHOT") {
        std::fs::copy(&shot, &keep).unwrap();
        println!("screenshot: {keep}");
    }
    let image = image::open(&shot).unwrap().to_rgb8();
    // The curve's pixels: within a small distance of its colour (anti-aliasing blends edges).
    let curve: Vec<(u32, u32)> = (image.enumerate_pixels())
        .filter(|(_, _, p)| (0..3).all(|c| (p[c] as i32 - TRAIN[c] as i32).abs() <= 24))
        .map(|(x, y, _)| (x, y))
        .collect();
    assert!(
        curve.len() > 300,
        "{} pixels of the train-loss colour",
        curve.len()
    );
    let left = curve.iter().map(|p| p.0).min().unwrap();
    let right = curve.iter().map(|p| p.0).max().unwrap();
    assert!(right - left > 300, "the curve spans {left}..{right} px");
    // Screen y grows downwards: a falling loss starts low on screen (large y) at the left.
    let mean_y = |range: std::ops::Range<u32>| {
        let ys: Vec<f64> = (curve.iter())
            .filter(|p| range.contains(&p.0))
            .map(|p| p.1 as f64)
            .collect();
        ys.iter().sum::<f64>() / ys.len().max(1) as f64
    };
    // Screen y grows downwards: a falling loss starts high on screen (small y) at the left and
    // is lower by the middle (the legend's sample of the colour sits at the top right).
    let span = (right - left) / 10;
    let middle = left + (right - left) / 2;
    let (start, mid) = (
        mean_y(left..left + span),
        mean_y(middle - span / 2..middle + span / 2),
    );
    assert!(
        start < mid,
        "the curve starts at y {start} and is at y {mid} halfway: it does not fall"
    );
    std::fs::remove_dir_all(&dir).ok();
}
