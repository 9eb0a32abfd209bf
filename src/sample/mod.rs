//! Sample data, all of it fictional: the demo team with a few meetings to explore the app with
//! ([`demo`]), and years of generated meetings for benchmarks and scale tests ([`generate`]).

pub mod demo;
pub mod generate;
