//! The pictures: the loss curves, and the step's memory (the planner's parts against what the
//! device measured).

use egui::Color32;
use egui_plot::{
    Bar, BarChart, Corner, HoverPosition, Legend, Line, LineStyle, Plot, PlotPoints, Points,
};
use remat::checkpoint::{Peak, Point};

/// The train-loss curve's colour; the window test looks for it in the screenshot.
pub const TRAIN: Color32 = Color32::from_rgb(230, 120, 30);
pub const EVAL: Color32 = Color32::from_rgb(40, 120, 220);
const MEASURED: Color32 = Color32::from_rgb(235, 235, 235);
const PREDICTED: Color32 = Color32::from_rgb(110, 110, 110);

const MIB: f64 = (1u64 << 20) as f64;

/// Train loss per step, and eval loss where it was measured.
pub fn loss(ui: &mut egui::Ui, train: &[[f64; 2]], eval: &[[f64; 2]], height: f32) {
    Plot::new("loss")
        .legend(Legend::default())
        .height(height)
        .x_axis_label("step")
        .y_axis_label("loss")
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(
                Line::new("train loss", PlotPoints::from(train.to_vec()))
                    .color(TRAIN)
                    .width(2.5),
            );
            if !eval.is_empty() {
                plot.line(
                    Line::new("eval loss", PlotPoints::from(eval.to_vec()))
                        .color(EVAL)
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                );
                plot.points(
                    Points::new("eval loss", PlotPoints::from(eval.to_vec()))
                        .color(EVAL)
                        .radius(3.0),
                );
            }
        });
}

/// The predicted peak as a stack of its parts, and the measured peak beside it.
pub fn peak_parts(ui: &mut egui::Ui, peak: &Peak, measured_peak: Option<u64>, height: f32) {
    let parts = [
        ("weights", peak.weights, Color32::from_rgb(70, 110, 180)),
        (
            "optimizer state",
            peak.optimizer,
            Color32::from_rgb(120, 160, 220),
        ),
        ("gradients", peak.gradients, Color32::from_rgb(225, 185, 70)),
        (
            "saved activations",
            peak.saved,
            Color32::from_rgb(90, 170, 90),
        ),
        ("working set", peak.working, Color32::from_rgb(200, 80, 80)),
    ];
    let mut base = 0.0;
    let mut charts = Vec::new();
    for (name, bytes, colour) in parts {
        let mib = bytes as f64 / MIB;
        let bar = Bar::new(0.0, mib).base_offset(base).width(0.6).name(name);
        charts.push(BarChart::new(name, vec![bar]).color(colour));
        base += mib;
    }
    let top = base.max(measured_peak.map_or(0.0, |b| b as f64 / MIB));
    Plot::new("peak")
        .legend(Legend::default().position(Corner::RightTop))
        .height(height)
        .y_axis_label("MiB")
        .include_y(0.0)
        .include_y(top * 1.1)
        .include_x(-0.6)
        // Room on the right for the legend.
        .include_x(3.4)
        .show_x(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| match mark.value {
            v if v.abs() < 1e-9 => "predicted".into(),
            v if (v - 1.0).abs() < 1e-9 => "measured".into(),
            _ => String::new(),
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            if let Some(bytes) = measured_peak {
                let bar = Bar::new(1.0, bytes as f64 / MIB)
                    .width(0.6)
                    .name("measured peak");
                plot.bar_chart(BarChart::new("measured peak", vec![bar]).color(MEASURED));
            }
        });
}

/// Bytes in use at each of the step's samples: the memory model's, and the device's.
pub fn samples(
    ui: &mut egui::Ui,
    predicted: &[(Point, u64)],
    measured: &[(Point, u64)],
    height: f32,
) {
    let line = |points: &[(Point, u64)]| -> Vec<[f64; 2]> {
        (points.iter().enumerate())
            .map(|(i, (_, bytes))| [i as f64, *bytes as f64 / MIB])
            .collect()
    };
    let names: Vec<String> = predicted.iter().map(|(p, _)| p.to_string()).collect();
    Plot::new("samples")
        .legend(Legend::default())
        .height(height)
        .x_axis_label("sample in the step")
        .y_axis_label("MiB in use")
        .include_y(0.0)
        .allow_scroll(false)
        .label_formatter(move |position| {
            let (HoverPosition::NearDataPoint { position, .. }
            | HoverPosition::Elsewhere { position }) = position;
            let at = names.get(position.x.round().max(0.0) as usize);
            Some(format!(
                "{}\n{:.1} MiB",
                at.map_or("", String::as_str),
                position.y
            ))
        })
        .show(ui, |plot| {
            // Wide beneath the measured line: where the two agree, the prediction shows
            // around it.
            plot.line(
                Line::new("predicted", PlotPoints::from(line(predicted)))
                    .color(PREDICTED)
                    .width(6.0),
            );
            if !measured.is_empty() {
                plot.line(
                    Line::new("measured", PlotPoints::from(line(measured)))
                        .color(MEASURED)
                        .width(2.0),
                );
            }
        });
}
