//! Draws a [`Chart`] as vector graphics for the PDF: value axis with a few round-number ticks and
//! light gridlines, category labels (turned, or only every few, when there are many), bars or
//! lines, values beside the bars where they fit, and a legend.
//!
//! **Nothing by colour alone.** Each series differs by more than its hue: bars by fill, hatching
//! and outline (dark solid, light with diagonal hatching, white outlined, pale cross-hatched);
//! lines by their dashes and point markers (solid with filled circles, dashed with open squares,
//! dotted with filled triangles, long dashes with open diamonds). The fills are far apart in
//! lightness, so a greyscale printout tells them apart too. Nothing is transparent (PDF/A-2).
//!
//! What the chart says in words (its `summary`) is the figure's alternative text, and the layout
//! prints its figures as a table after it: the drawing is for the eye only.

use crate::charts::{Chart, ChartKind};
use crate::words::capitalised;

use super::fonts::{CAP_HEIGHT, Faces, Style};
use super::layout::{Colour, Kind, Mark, Paint, Stroke, Tag};
use super::text::{Coverage, fit, wrap};

/// Type sizes in pt: axis and category labels, values on bars, the legend.
const LABEL: f32 = 7.5;
const VALUE: f32 = 7.0;
const LEGEND: f32 = 8.5;
/// The chart's words, printed under it.
const WORDS: f32 = 9.5;

const MUTED: f32 = 0.3;
const AXIS: Colour = Colour::Grey(0.25);
const GRID: Colour = Colour::Grey(0.82);

/// An upright chart's plot is this tall, in pt (60 mm), whatever the page.
const PLOT_HEIGHT: f32 = 170.0;
/// A category label longer than this (pt) is cut with an ellipsis; the table has it whole.
const MAX_LABEL: f32 = 90.0;
/// Legend rows.
const LEGEND_ROW: f32 = 13.0;

/// How one series is told apart from the others without its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    fill: Colour,
    /// Outlines, hatching, lines and markers.
    ink: Colour,
    hatch: Hatch,
    /// Outline of a bar, in pt.
    outline: f32,
    /// A line's dashes (on, off); solid when `None`.
    dash: Option<(f32, f32)>,
    marker: Marker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hatch {
    None,
    /// Lines rising to the right.
    Diagonal,
    /// Lines both ways.
    Cross,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    OpenSquare,
    Triangle,
    OpenDiamond,
}

const WHITE: Colour = Colour::Grey(1.0);

/// The looks, in series order; a fifth series starts again at the first.
const LOOKS: [Look; 4] = [
    // Dark blue, solid: prints nearly black.
    Look {
        fill: Colour::Rgb(0.11, 0.29, 0.49),
        ink: Colour::Rgb(0.11, 0.29, 0.49),
        hatch: Hatch::None,
        outline: 0.6,
        dash: None,
        marker: Marker::Circle,
    },
    // Light orange with dark diagonal hatching; dashed line, open squares.
    Look {
        fill: Colour::Rgb(0.98, 0.76, 0.42),
        ink: Colour::Rgb(0.62, 0.31, 0.0),
        hatch: Hatch::Diagonal,
        outline: 0.6,
        dash: Some((5.0, 2.5)),
        marker: Marker::OpenSquare,
    },
    // White with a heavy purple outline; dotted line, filled triangles.
    Look {
        fill: WHITE,
        ink: Colour::Rgb(0.36, 0.19, 0.55),
        hatch: Hatch::None,
        outline: 1.3,
        dash: Some((1.3, 1.7)),
        marker: Marker::Triangle,
    },
    // Pale teal, cross-hatched; long dashes, open diamonds.
    Look {
        fill: Colour::Rgb(0.72, 0.88, 0.86),
        ink: Colour::Rgb(0.0, 0.38, 0.38),
        hatch: Hatch::Cross,
        outline: 0.6,
        dash: Some((9.0, 2.5)),
        marker: Marker::OpenDiamond,
    },
];

fn look(series: usize) -> Look {
    LOOKS[series % LOOKS.len()]
}

/// The value axis: from `min` to `max` in steps of `step`, each a round number (1, 2 or 5 times
/// a power of ten), zero always on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ticks {
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) step: f64,
}

impl Ticks {
    /// Ticks for values from `low` to `high` (any order of size), about four or five steps;
    /// steps of at least 1 when every value is `whole` (no "0.5 cases").
    pub(crate) fn for_range(low: f64, high: f64, whole: bool) -> Ticks {
        let (low, high) = (low.min(0.0), high.max(0.0));
        // All zero: an axis from 0 to 1.
        let high = if high > low { high } else { low + 1.0 };
        let span = high - low;
        let rough = span / 4.0;
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|n| n * power).find(|&s| s >= rough * 0.999).unwrap_or(10.0 * power);
        let step = if whole { step.max(1.0) } else { step };
        let min = (low / step).floor() * step;
        let max = ((high / step).ceil() * step).max(min + step);
        Ticks { min, max, step }
    }

    /// Each tick's value, from `min` to `max`.
    pub(crate) fn values(&self) -> Vec<f64> {
        let count = ((self.max - self.min) / self.step).round() as usize;
        (0..=count).map(|i| self.min + i as f64 * self.step).map(|v| if v.abs() < self.step * 1e-9 { 0.0 } else { v }).collect()
    }

    /// Decimal places the step needs: none for whole steps, one for 0.5, two for 0.25 …
    fn decimals(&self) -> usize {
        (0..6).find(|&d| {
            let scaled = self.step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        }).unwrap_or(6)
    }
}

/// A figure as printed: whole numbers with thousands separators ("1,250"), others to one decimal
/// place ("2.5", "-0.3"); the table prints the same.
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        return "no figure".into();
    }
    let whole = (value - value.round()).abs() < 1e-9;
    if whole { grouped(value.round(), 0) } else { grouped(value, 1) }
}

/// `value` to `decimals` places with a comma every three digits.
fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    let negative = value < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative { format!("-{out}") } else { out }
}

/// A chart laid out: its height and marks (`x` from the page's left edge, `y` down from the
/// chart's top), every mark tagged `tag`.
pub(crate) struct Drawn {
    pub(crate) height: f32,
    pub(crate) marks: Vec<Mark>,
}

/// Draws `chart` `width` pt wide from `left`, at most about `max_height` tall, with its words
/// (`summary`) under it: part of the figure, so a screen reader, which reads the words as the
/// figure's alternative text, reads them once.
pub(crate) fn draw(chart: &Chart, left: f32, width: f32, max_height: f32, faces: &Faces, cover: &mut Coverage, tag: Tag) -> Drawn {
    let regular = faces.get(Style::Regular);
    let words = wrap(&cover.clean(chart.summary.trim(), regular), regular, WORDS, width);
    let words_height = if chart.summary.trim().is_empty() { 0.0 } else { 8.0 + words.len() as f32 * WORDS * 1.4 };
    let mut drawn = draw_plot(chart, left, width, max_height - words_height, faces, cover, tag);
    let mut pen = Canvas { faces, tag, marks: Vec::new() };
    if words_height > 0.0 {
        for (i, line) in words.iter().enumerate() {
            let baseline = drawn.height + 8.0 + i as f32 * WORDS * 1.4 + (WORDS * 1.4 + CAP_HEIGHT * WORDS) / 2.0;
            pen.text(line, left, baseline, WORDS, 0.0, 0.0);
        }
    }
    drawn.marks.append(&mut pen.marks);
    drawn.height += words_height;
    drawn
}

fn draw_plot(chart: &Chart, left: f32, width: f32, max_height: f32, faces: &Faces, cover: &mut Coverage, tag: Tag) -> Drawn {
    let regular = faces.get(Style::Regular);
    let categories: Vec<String> = chart.categories.iter().map(|c| cover.clean(c, regular).replace('\n', " ")).collect();
    let names: Vec<String> = chart.series.iter().map(|s| cover.clean(&s.name, regular).replace('\n', " ")).collect();
    let unit = capitalised(&cover.clean(&chart.unit, regular).replace('\n', " "));
    let mut pen = Canvas { faces, tag, marks: Vec::new() };
    let values = |s: usize, c: usize| chart.series[s].values.get(c).copied().filter(|v| v.is_finite());
    let any = (0..chart.series.len()).any(|s| (0..categories.len()).any(|c| values(s, c).is_some()));
    if categories.is_empty() || chart.series.is_empty() || !any {
        let height = 34.0;
        pen.rect(left, 0.0, width, height, Paint { fill: None, stroke: Some(line(GRID, 0.8)) });
        let words = "No figures to show for this period.";
        let w = regular.width(words, LEGEND);
        pen.text(words, left + (width - w) / 2.0, height / 2.0 + CAP_HEIGHT * LEGEND / 2.0, LEGEND, MUTED, 0.0);
        return Drawn { height, marks: pen.marks };
    }
    let legend = pen.legend(&names, chart.kind, left, width);
    let top = legend + 6.0;
    let (low, high) = (0..chart.series.len())
        .flat_map(|s| (0..categories.len()).filter_map(move |c| values(s, c)))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let whole = (0..chart.series.len())
        .flat_map(|s| (0..categories.len()).filter_map(move |c| values(s, c)))
        .all(|v| v.fract() == 0.0);
    let ticks = Ticks::for_range(low, high, whole);
    let plot = Plot { ticks, values: &values, series: chart.series.len(), categories: &categories, unit: &unit };
    let height = match chart.kind {
        ChartKind::HorizontalBar => pen.horizontal(&plot, left, top, width, max_height),
        ChartKind::Bar | ChartKind::Line => pen.upright(&plot, chart.kind, left, top, width),
    };
    Drawn { height, marks: pen.marks }
}

fn line(colour: Colour, width: f32) -> Stroke {
    Stroke { colour, width, dash: None }
}

/// What both kinds of axis need.
struct Plot<'a> {
    ticks: Ticks,
    values: &'a dyn Fn(usize, usize) -> Option<f64>,
    series: usize,
    categories: &'a [String],
    unit: &'a str,
}

impl Plot<'_> {
    /// Where `value` falls between `from` (the axis minimum) and `to` (its maximum).
    fn at(&self, value: f64, from: f32, to: f32) -> f32 {
        let share = (value - self.ticks.min) / (self.ticks.max - self.ticks.min);
        from + (to - from) * share as f32
    }

    fn tick_labels(&self) -> Vec<(f64, String)> {
        let decimals = self.ticks.decimals();
        self.ticks.values().into_iter().map(|v| (v, grouped(v, decimals))).collect()
    }
}

/// Collects a chart's marks.
struct Canvas<'a> {
    faces: &'a Faces,
    tag: Tag,
    marks: Vec<Mark>,
}

impl Canvas<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        self.faces.get(Style::Regular).width(text, size)
    }

    fn push(&mut self, x: f32, y: f32, kind: Kind) {
        self.marks.push(Mark { x, y, kind, tag: self.tag });
    }

    /// Text from its baseline's start at (x, y), `grey` from 0 (black).
    fn text(&mut self, text: &str, x: f32, y: f32, size: f32, grey: f32, angle: f32) {
        if !text.is_empty() {
            self.push(x, y, Kind::Text { text: text.to_string(), style: Style::Regular, size, grey, angle });
        }
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, paint: Paint) {
        self.push(x, y, Kind::Rect { width, height, paint });
    }

    fn segment(&mut self, from: (f32, f32), to: (f32, f32), stroke: Stroke) {
        let points = vec![(0.0, 0.0), (to.0 - from.0, to.1 - from.1)];
        self.push(from.0, from.1, Kind::Path { points, closed: false, paint: Paint { fill: None, stroke: Some(stroke) } });
    }

    /// A bar from (x, y) down and right, in its series' look: fill, hatching, outline.
    fn bar(&mut self, x: f32, y: f32, width: f32, height: f32, look: Look) {
        if width <= 0.0 || height <= 0.0 {
            return;
        }
        self.rect(x, y, width, height, Paint { fill: Some(look.fill), stroke: None });
        let gap = 3.2;
        let hatch = line(look.ink, 0.5);
        let lines: &[bool] = match look.hatch {
            Hatch::None => &[],
            Hatch::Diagonal => &[true],
            Hatch::Cross => &[true, false],
        };
        for &rising in lines {
            // Lines at 45°, `gap` apart across the bar, cut to its edges.
            let mut c = gap / 2.0;
            while c < width + height {
                let (a, b) = clip_diagonal(c, width, height);
                let flip = |(px, py): (f32, f32)| if rising { (x + px, y + height - py) } else { (x + px, y + py) };
                self.segment(flip(a), flip(b), hatch);
                c += gap * std::f32::consts::SQRT_2;
            }
        }
        self.rect(x, y, width, height, Paint { fill: None, stroke: Some(line(look.ink, look.outline.min(width / 2.0))) });
    }

    /// A point marker centred on (x, y).
    fn marker(&mut self, x: f32, y: f32, look: Look) {
        let r = 2.8;
        let stroke = Some(line(look.ink, 0.9));
        let (filled, open) = (Paint { fill: Some(look.ink), stroke: None }, Paint { fill: Some(WHITE), stroke });
        match look.marker {
            Marker::Circle => self.push(x, y, Kind::Circle { radius: r, paint: filled }),
            Marker::OpenSquare => self.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, open),
            Marker::Triangle => {
                let points = vec![(0.0, -r * 1.15), (r * 1.1, r * 0.75), (-r * 1.1, r * 0.75)];
                self.push(x, y, Kind::Path { points, closed: true, paint: filled });
            }
            Marker::OpenDiamond => {
                let d = r * 1.25;
                let points = vec![(0.0, -d), (d, 0.0), (0.0, d), (-d, 0.0)];
                self.push(x, y, Kind::Path { points, closed: true, paint: open });
            }
        }
    }

    /// A series' line through `points`, broken where a value is missing.
    fn polyline(&mut self, points: &[Option<(f32, f32)>], look: Look) {
        let stroke = Stroke { colour: look.ink, width: 1.4, dash: look.dash };
        for run in points.split(|p| p.is_none()) {
            let run: Vec<(f32, f32)> = run.iter().flatten().copied().collect();
            if let Some(&(x0, y0)) = run.first().filter(|_| run.len() > 1) {
                let points = run.iter().map(|&(x, y)| (x - x0, y - y0)).collect();
                self.push(x0, y0, Kind::Path { points, closed: false, paint: Paint { fill: None, stroke: Some(stroke) } });
            }
        }
    }

    /// The legend, in rows across the top; returns its height.
    fn legend(&mut self, names: &[String], kind: ChartKind, left: f32, width: f32) -> f32 {
        let swatch = if kind == ChartKind::Line { 22.0 } else { 12.0 };
        let (mut x, mut row) = (left, 0usize);
        for (s, name) in names.iter().enumerate() {
            let name = fit(name, self.faces.get(Style::Regular), LEGEND, width - swatch - 6.0);
            let item = swatch + 5.0 + self.width(&name, LEGEND);
            if x > left && x + item > left + width {
                (x, row) = (left, row + 1);
            }
            let middle = row as f32 * LEGEND_ROW + LEGEND_ROW / 2.0;
            let look = look(s);
            if kind == ChartKind::Line {
                self.polyline(&[Some((x, middle)), Some((x + swatch, middle))], look);
                self.marker(x + swatch / 2.0, middle, look);
            } else {
                self.bar(x, middle - 4.5, swatch, 9.0, look);
            }
            self.text(&name, x + swatch + 5.0, middle + CAP_HEIGHT * LEGEND / 2.0, LEGEND, 0.0, 0.0);
            x += item + 14.0;
        }
        (row + 1) as f32 * LEGEND_ROW
    }

    /// Upright bars or lines: the value axis up the left, categories along the bottom. Returns
    /// the chart's height.
    fn upright(&mut self, plot: &Plot<'_>, kind: ChartKind, left: f32, top: f32, width: f32) -> f32 {
        let regular = self.faces.get(Style::Regular);
        let ticks = plot.tick_labels();
        let tick_width = ticks.iter().map(|(_, t)| self.width(t, LABEL)).fold(0.0, f32::max);
        let n = plot.categories.len();
        // Category labels: level (one or two lines) when they fit their band, else turned 45°,
        // and only every few when even turned they would touch.
        let guess_band = (width - tick_width - 8.0) / n as f32;
        let fitted: Vec<String> = plot.categories.iter().map(|c| fit(c, regular, LABEL, MAX_LABEL)).collect();
        let level: Option<Vec<Vec<String>>> = {
            let lines: Vec<Vec<String>> = plot.categories.iter().map(|c| wrap(c, regular, LABEL, guess_band - 3.0)).collect();
            lines.iter().all(|l| l.len() <= 2 && l.iter().all(|t| self.width(t, LABEL) <= guess_band - 3.0)).then_some(lines)
        };
        let widest = fitted.iter().map(|t| self.width(t, LABEL)).fold(0.0, f32::max);
        let diagonal = std::f32::consts::FRAC_1_SQRT_2;
        // A turned first label reaches left of its band: the plot starts far enough right for it.
        let first_reach = if level.is_none() { self.width(&fitted[0], LABEL) * diagonal - guess_band / 2.0 } else { 0.0 };
        let plot_left = left + (tick_width + 6.0).max(first_reach + 2.0);
        let plot_right = left + width - 4.0;
        let band = (plot_right - plot_left) / n as f32;
        let unit_y = top + LABEL;
        self.text(plot.unit, left, unit_y, LABEL, MUTED, 0.0);
        // Room above the highest tick for a value printed over a bar that reaches it.
        let plot_top = unit_y + 12.0;
        let plot_bottom = plot_top + PLOT_HEIGHT;
        let y_of = |v: f64| plot.at(v, plot_bottom, plot_top);
        for (value, label) in &ticks {
            let y = y_of(*value);
            let stroke = if *value == 0.0 { line(AXIS, 0.8) } else { line(GRID, 0.5) };
            self.segment((plot_left, y), (plot_right, y), stroke);
            let w = self.width(label, LABEL);
            self.text(label, plot_left - 4.0 - w, y + CAP_HEIGHT * LABEL / 2.0, LABEL, MUTED, 0.0);
        }
        self.segment((plot_left, plot_top), (plot_left, plot_bottom), line(AXIS, 0.8));
        let centre = |c: usize| plot_left + band * (c as f32 + 0.5);
        let zero = y_of(0.0);
        match kind {
            ChartKind::Line => {
                for s in 0..plot.series {
                    let points: Vec<Option<(f32, f32)>> =
                        (0..n).map(|c| (plot.values)(s, c).map(|v| (centre(c), y_of(v)))).collect();
                    self.polyline(&points, look(s));
                    for &(x, y) in points.iter().flatten() {
                        self.marker(x, y, look(s));
                    }
                }
            }
            _ => {
                let bar = (band * 0.72 / plot.series as f32).min(30.0);
                let group = bar * plot.series as f32;
                for c in 0..n {
                    for s in 0..plot.series {
                        let Some(v) = (plot.values)(s, c) else { continue };
                        let x = centre(c) - group / 2.0 + bar * s as f32;
                        let y = y_of(v);
                        let (y0, y1) = (y.min(zero), y.max(zero));
                        self.bar(x + 0.4, y0, bar - 0.8, y1 - y0, look(s));
                        let words = number(v);
                        let w = self.width(&words, VALUE);
                        if w <= bar + 1.0 {
                            let baseline = if v < 0.0 { y1 + 2.5 + CAP_HEIGHT * VALUE } else { y0 - 2.5 };
                            self.text(&words, x + (bar - w) / 2.0, baseline, VALUE, 0.0, 0.0);
                        }
                    }
                }
            }
        }
        // The category labels under the axis.
        let label_top = plot_bottom + 6.0;
        let bottom = match level {
            Some(lines) => {
                let line_height = LABEL * 1.2;
                for (c, lines) in lines.iter().enumerate() {
                    for (i, text) in lines.iter().enumerate() {
                        let w = self.width(text, LABEL);
                        self.text(text, centre(c) - w / 2.0, label_top + CAP_HEIGHT * LABEL + i as f32 * line_height, LABEL, 0.0, 0.0);
                    }
                }
                label_top + lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height
            }
            None => {
                let every = ((LABEL * 1.15) / (band * diagonal)).ceil().max(1.0) as usize;
                for c in (0..n).step_by(every) {
                    let w = self.width(&fitted[c], LABEL);
                    // Turned about its start so that it ends just under its tick.
                    let (x, y) = (centre(c) - w * diagonal + 2.0, label_top + w * diagonal + 2.0);
                    self.text(&fitted[c], x, y, LABEL, 0.0, 45.0);
                }
                label_top + widest * diagonal + LABEL + 2.0
            }
        };
        for c in 0..n {
            self.segment((centre(c), plot_bottom), (centre(c), plot_bottom + 2.5), line(AXIS, 0.6));
        }
        bottom + 2.0
    }

    /// Horizontal bars: categories down the left, the value axis along the bottom. At most
    /// `max_height` tall: bars get thinner, and labels fewer, when there are very many.
    fn horizontal(&mut self, plot: &Plot<'_>, left: f32, top: f32, width: f32, max_height: f32) -> f32 {
        let regular = self.faces.get(Style::Regular);
        let n = plot.categories.len();
        let label_room = (width * 0.3).min(MAX_LABEL * 1.6);
        let labels: Vec<String> = plot.categories.iter().map(|c| fit(c, regular, LABEL, label_room)).collect();
        let label_width = labels.iter().map(|t| self.width(t, LABEL)).fold(0.0, f32::max);
        let all: Vec<(usize, usize, f64)> =
            (0..plot.series).flat_map(|s| (0..n).filter_map(move |c| (plot.values)(s, c).map(|v| (s, c, v)))).collect();
        let value_room = all.iter().map(|&(_, _, v)| self.width(&number(v), VALUE)).fold(0.0, f32::max) + 5.0;
        let negative = all.iter().any(|&(_, _, v)| v < 0.0);
        let plot_left = left + label_width + 8.0 + if negative { value_room } else { 0.0 };
        let plot_right = left + width - value_room;
        // Below the plot: tick labels and the unit.
        let below = 26.0;
        let gap = if plot.series > 1 { 10.0 } else { 5.0 };
        let mut bar = 8.0f32;
        let room = max_height - top - below;
        if n as f32 * (plot.series as f32 * bar + gap) > room {
            bar = ((room / n as f32 - gap) / plot.series as f32).max(0.5);
        }
        let band = (plot.series as f32 * bar + gap).max(if bar >= 8.0 { LABEL * 1.4 } else { 0.0 });
        let band = if n as f32 * band > room { room / n as f32 } else { band };
        let plot_top = top;
        let plot_bottom = plot_top + band * n as f32;
        let x_of = |v: f64| plot.at(v, plot_left, plot_right);
        let ticks = plot.tick_labels();
        for (value, label) in &ticks {
            let x = x_of(*value);
            let stroke = if *value == 0.0 { line(AXIS, 0.8) } else { line(GRID, 0.5) };
            self.segment((x, plot_top), (x, plot_bottom), stroke);
            let w = self.width(label, LABEL);
            self.text(label, x - w / 2.0, plot_bottom + 4.0 + CAP_HEIGHT * LABEL, LABEL, MUTED, 0.0);
        }
        self.segment((plot_left, plot_bottom), (plot_right, plot_bottom), line(AXIS, 0.8));
        let w = self.width(plot.unit, LABEL);
        self.text(plot.unit, (plot_left + plot_right - w) / 2.0, plot_bottom + 16.0 + CAP_HEIGHT * LABEL, LABEL, MUTED, 0.0);
        let every = (LABEL * 1.15 / band).ceil().max(1.0) as usize;
        let zero = x_of(0.0);
        for (c, label) in labels.iter().enumerate() {
            let band_top = plot_top + band * c as f32;
            let middle = band_top + band / 2.0;
            if c % every == 0 {
                let w = self.width(label, LABEL);
                self.text(label, left + label_width - w, middle + CAP_HEIGHT * LABEL / 2.0, LABEL, 0.0, 0.0);
            }
            let group = bar * plot.series as f32;
            for s in 0..plot.series {
                let Some(v) = (plot.values)(s, c) else { continue };
                let y = middle - group / 2.0 + bar * s as f32;
                let x = x_of(v);
                let (x0, x1) = (x.min(zero), x.max(zero));
                self.bar(x0, y + 0.3, x1 - x0, bar - 0.6, look(s));
                if bar >= CAP_HEIGHT * VALUE + 1.0 {
                    let words = number(v);
                    let w = self.width(&words, VALUE);
                    let at = if v < 0.0 { x0 - 3.0 - w } else { x1 + 3.0 };
                    self.text(&words, at, y + (bar + CAP_HEIGHT * VALUE) / 2.0, VALUE, 0.0, 0.0);
                }
            }
        }
        plot_bottom + below
    }
}

/// The part of the line `x + y = c` inside the box 0..width × 0..height (`y` up), as its two
/// ends.
fn clip_diagonal(c: f32, width: f32, height: f32) -> ((f32, f32), (f32, f32)) {
    let start = if c <= height { (0.0, c) } else { (c - height, height) };
    let end = if c <= width { (c, 0.0) } else { (width, c - width) };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::ChartSeries;
    use crate::reports::fonts::faces;

    fn chart(kind: ChartKind, categories: Vec<String>, series: Vec<(&str, Vec<f64>)>) -> Chart {
        Chart {
            id: "x".into(),
            title: "Test".into(),
            kind,
            unit: "cases".into(),
            categories,
            series: series.into_iter().map(|(name, values)| ChartSeries { name: name.into(), values }).collect(),
            summary: "What the chart shows.".into(),
        }
    }

    const LEFT: f32 = 50.0;
    const WIDTH: f32 = 490.0;

    fn render(chart: &Chart) -> Drawn {
        draw(chart, LEFT, WIDTH, 650.0, faces().unwrap(), &mut Coverage::default(), Tag::Element(0))
    }

    /// The corners of what a mark covers, roughly: text by its measured width and cap height.
    fn extent(mark: &Mark) -> Vec<(f32, f32)> {
        let (x, y) = (mark.x, mark.y);
        match &mark.kind {
            Kind::Text { text, size, angle, style, .. } => {
                let w = faces().unwrap().get(*style).width(text, *size);
                let (sin, cos) = angle.to_radians().sin_cos();
                vec![(x, y), (x + w * cos, y - w * sin), (x - CAP_HEIGHT * size * sin, y - CAP_HEIGHT * size * cos)]
            }
            Kind::Rect { width, height, .. } => vec![(x, y), (x + width, y + height)],
            Kind::Path { points, .. } => points.iter().map(|(px, py)| (x + px, y + py)).collect(),
            Kind::Circle { radius, .. } => vec![(x - radius, y - radius), (x + radius, y + radius)],
            Kind::Rule { width, .. } => vec![(x, y), (x + width, y)],
            Kind::TickBox { side } => vec![(x, y), (x + side, y + side)],
        }
    }

    fn texts(drawn: &Drawn) -> Vec<&str> {
        (drawn.marks.iter()).filter_map(|m| if let Kind::Text { text, .. } = &m.kind { Some(text.as_str()) } else { None }).collect()
    }

    fn months(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("Tuesday {} March 2026", i + 1)).collect()
    }

    #[test]
    fn every_mark_stays_inside_the_chart_whatever_the_data() {
        let many: Vec<f64> = (0..60).map(|i| f64::from(i * 37 % 23)).collect();
        let cases = [
            chart(ChartKind::Bar, months(60), vec![("Listed", many.clone()), ("Discussed", many.clone())]),
            chart(ChartKind::Line, months(60), vec![("Open", many.clone()), ("Overdue", many.iter().map(|v| -v).collect())]),
            chart(ChartKind::HorizontalBar, months(60), vec![("A", many.clone()), ("B", many.clone()), ("C", many.clone())]),
            chart(ChartKind::HorizontalBar, months(3), vec![("Change", vec![-2.5, 0.0, 1_234_567.0])]),
            chart(ChartKind::Bar, vec!["Only".into()], vec![("Big", vec![9.9e9]), ("Small", vec![-1.0])]),
            chart(ChartKind::Bar, vec!["A name far too long to print whole under a bar".into(); 4], vec![("X", vec![1.0, f64::NAN, 3.0, 4.0])]),
        ];
        for chart in &cases {
            let drawn = render(chart);
            assert!(drawn.height > 100.0 && drawn.height <= 650.0, "{:?} {}", chart.kind, drawn.height);
            for mark in &drawn.marks {
                for (x, y) in extent(mark) {
                    assert!((LEFT - 0.5..=LEFT + WIDTH + 0.5).contains(&x), "{:?}: {mark:?} at x {x}", chart.kind);
                    assert!((-0.5..=drawn.height + 0.5).contains(&y), "{:?}: {mark:?} at y {y} of {}", chart.kind, drawn.height);
                }
                assert_eq!(mark.tag, Tag::Element(0));
            }
        }
    }

    #[test]
    fn many_categories_turn_their_labels_and_print_only_every_few() {
        let many = chart(ChartKind::Bar, months(60), vec![("Cases", vec![1.0; 60])]);
        let drawn = render(&many);
        let labels: Vec<&Mark> = (drawn.marks.iter())
            .filter(|m| matches!(&m.kind, Kind::Text { text, .. } if text.starts_with("Tuesday")))
            .collect();
        assert!(labels.iter().all(|m| matches!(m.kind, Kind::Text { angle: 45.0, .. })));
        assert!(labels.len() < 60 && labels.len() >= 10, "{} labels", labels.len());
        // Turned labels a step apart never touch: their baselines are at least a line apart.
        let gap = (labels[1].x - labels[0].x) * std::f32::consts::FRAC_1_SQRT_2;
        assert!(gap >= LABEL * 1.15 - 0.01, "{gap}");
        // The control: six short labels print level, every one.
        let few = chart(ChartKind::Bar, (1..=6).map(|d| format!("{d} Oct")).collect(), vec![("Cases", vec![1.0; 6])]);
        let few = render(&few);
        let level: Vec<&Mark> =
            few.marks.iter().filter(|m| matches!(&m.kind, Kind::Text { text, angle: 0.0, .. } if text.ends_with(" Oct"))).collect();
        assert_eq!(level.len(), 6);
    }

    #[test]
    fn a_zero_draws_no_bar_but_prints_its_value() {
        let drawn = render(&chart(ChartKind::Bar, vec!["A".into(), "B".into()], vec![("Cases", vec![0.0, 2.0])]));
        let bars: Vec<&Mark> =
            (drawn.marks.iter()).filter(|m| matches!(m.kind, Kind::Rect { paint: Paint { fill: Some(f), .. }, .. } if f == LOOKS[0].fill)).collect();
        // One bar for B, and one swatch in the legend.
        assert_eq!(bars.len(), 2);
        assert!(bars.iter().all(|m| matches!(m.kind, Kind::Rect { height, .. } if height > 0.0)));
        assert_eq!(texts(&drawn), ["Cases", "Cases", "0", "1", "2", "0", "2", "A", "B", "What the chart shows."]);
    }

    /// Lightness of a fill as a greyscale printer would print it (Rec. 709 weights).
    fn grey(colour: Colour) -> f32 {
        match colour {
            Colour::Grey(g) => g,
            Colour::Rgb(r, g, b) => 0.2126 * r + 0.7152 * g + 0.0722 * b,
        }
    }

    #[test]
    fn series_differ_by_more_than_colour() {
        for (i, a) in LOOKS.iter().enumerate() {
            for b in &LOOKS[i + 1..] {
                let bars_differ = a.hatch != b.hatch || (grey(a.fill) - grey(b.fill)).abs() > 0.3 || a.outline != b.outline;
                assert!(bars_differ, "{a:?} {b:?}");
                assert!(a.dash != b.dash && a.marker != b.marker, "lines differ in dashes and markers: {a:?} {b:?}");
            }
        }
        // Same hatching only with fills far apart in lightness.
        let (solid, white) = (grey(LOOKS[0].fill), grey(LOOKS[2].fill));
        assert!(white - solid > 0.5);
    }

    fn round(step: f64) -> bool {
        let power = 10f64.powf(step.log10().floor());
        [1.0, 2.0, 5.0, 10.0].iter().any(|n| ((step / power) - n).abs() < 1e-9)
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        for (low, high, whole, want) in [
            (0.0, 7.0, true, Ticks { min: 0.0, max: 8.0, step: 2.0 }),
            (0.0, 10.0, true, Ticks { min: 0.0, max: 10.0, step: 5.0 }),
            (0.0, 0.0, false, Ticks { min: 0.0, max: 1.0, step: 0.5 }),
            (0.0, 0.0, true, Ticks { min: 0.0, max: 1.0, step: 1.0 }),
            (0.0, 1.0, true, Ticks { min: 0.0, max: 1.0, step: 1.0 }),
            (0.0, 1_234_567.0, true, Ticks { min: 0.0, max: 1_500_000.0, step: 500_000.0 }),
            (-3.0, 2.0, true, Ticks { min: -4.0, max: 2.0, step: 2.0 }),
            (-0.4, 1.3, false, Ticks { min: -0.5, max: 1.5, step: 0.5 }),
            (0.0, 0.3, false, Ticks { min: 0.0, max: 0.3, step: 0.1 }),
        ] {
            let got = Ticks::for_range(low, high, whole);
            assert_eq!(got.step, want.step, "{low}..{high}");
            assert!((got.min - want.min).abs() < 1e-9 && (got.max - want.max).abs() < 1e-9, "{low}..{high}: {got:?}");
        }
        for high in [1.0, 3.0, 9.0, 11.0, 99.0, 101.0, 999.0, 12_345.0, 9.9e9] {
            let t = Ticks::for_range(0.0, high, true);
            assert!(round(t.step), "{high}: {t:?}");
            assert!(t.max >= high && t.values().len() <= 7 && t.values().len() >= 2, "{high}: {:?}", t.values());
        }
        assert_eq!(Ticks::for_range(0.0, 0.0, false).values(), [0.0, 0.5, 1.0]);
    }

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-0.26), "-0.3");
        assert_eq!(number(-1000.0), "-1,000");
        assert_eq!(number(-0.01), "0.0");
        assert_eq!(number(f64::NAN), "no figure");
        assert_eq!(grouped(500_000.0, 0), "500,000");
        assert_eq!(Ticks { min: 0.0, max: 1.0, step: 0.25 }.decimals(), 2);
    }

    #[test]
    fn a_diagonal_is_cut_to_the_box() {
        assert_eq!(clip_diagonal(2.0, 10.0, 5.0), ((0.0, 2.0), (2.0, 0.0)));
        assert_eq!(clip_diagonal(12.0, 10.0, 5.0), ((7.0, 5.0), (10.0, 2.0)));
    }
}
