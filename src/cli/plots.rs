//! PNG plots of a run: train and eval loss over steps, and the memory breakdown of the plan.

use std::path::Path;
use std::sync::Once;

use anyhow::anyhow;
use plotters::prelude::*;
use plotters::style::FontStyle;
use remat::checkpoint::Peak;

/// DejaVu Sans (its license is beside it): plotters draws text with a font it is given.
const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_err() {
            tracing::warn!("the embedded font did not load: plots will have no text");
        }
    });
}

fn plot_error(path: &Path, e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{}: cannot draw the plot: {e}", path.display())
}

/// Train loss (every step) and eval loss (where measured) against the step.
pub fn loss_png(path: &Path, train: &[(usize, f32)], eval: &[(usize, f32)]) -> anyhow::Result<()> {
    register_font();
    let err = |e: &dyn std::fmt::Display| plot_error(path, e);
    let root = BitMapBackend::new(path, (800, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let points = train.iter().chain(eval);
    let last = points.clone().map(|p| p.0).max().unwrap_or(1).max(1);
    let (lo, hi) = points
        .map(|p| p.1)
        .filter(|l| l.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), l| {
            (lo.min(l), hi.max(l))
        });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.05).max(1e-3);
    let mut chart = ChartBuilder::on(&root)
        .caption("loss", ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(52)
        .build_cartesian_2d(0usize..last, (lo - pad)..(hi + pad))
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("step")
        .y_desc("cross-entropy")
        .draw()
        .map_err(|e| err(&e))?;
    let series = [("train", train, BLUE), ("eval", eval, RED)];
    for (name, points, color) in series {
        if points.is_empty() {
            continue;
        }
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(2),
            ))
            .map_err(|e| err(&e))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

/// One stacked bar of the predicted peak (weights, optimizer state, gradients, saved
/// activations, working set) beside one of the measured peak.
pub fn memory_png(
    path: &Path,
    plan: &str,
    peak: &Peak,
    measured: Option<u64>,
) -> anyhow::Result<()> {
    register_font();
    let err = |e: &dyn std::fmt::Display| plot_error(path, e);
    let mib = |b: u64| b as f64 / (1u64 << 20) as f64;
    let parts = [
        ("weights", peak.weights, RGBColor(70, 110, 180)),
        ("optimizer state", peak.optimizer, RGBColor(120, 160, 220)),
        ("gradients", peak.gradients, RGBColor(230, 150, 60)),
        ("saved activations", peak.saved, RGBColor(90, 170, 90)),
        ("working set", peak.working, RGBColor(200, 80, 80)),
    ];
    let top = mib(peak.total()).max(measured.map_or(0.0, mib)) * 1.1;
    let root = BitMapBackend::new(path, (640, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("device memory at the peak, plan {plan}"),
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..5.5, 0.0..top.max(1.0))
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("MiB")
        .draw()
        .map_err(|e| err(&e))?;
    let mut bottom = 0.0;
    for (name, bytes, color) in parts {
        let height = mib(bytes);
        chart
            .draw_series([Rectangle::new(
                [(0.5, bottom), (1.5, bottom + height)],
                color.filled(),
            )])
            .map_err(|e| err(&e))?
            .label(format!("{name}: {height:.1} MiB"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        bottom += height;
    }
    let text = |label: String, x: f64, y: f64| Text::new(label, (x, y), ("sans-serif", 15));
    chart
        .draw_series([text(
            format!("predicted {:.1} MiB", bottom),
            0.45,
            bottom + top * 0.04,
        )])
        .map_err(|e| err(&e))?;
    if let Some(bytes) = measured {
        let height = mib(bytes);
        chart
            .draw_series([Rectangle::new(
                [(2.0, 0.0), (3.0, height)],
                RGBColor(110, 110, 110).filled(),
            )])
            .map_err(|e| err(&e))?;
        chart
            .draw_series([text(
                format!("measured {height:.1} MiB"),
                1.95,
                height + top * 0.04,
            )])
            .map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}
